export default function Page() { return <div>groups/Groups</div>; }
