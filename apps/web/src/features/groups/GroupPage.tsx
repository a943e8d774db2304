export default function Page() { return <div>groups/GroupPage</div>; }
