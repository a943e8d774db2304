export default function Page() { return <div>station/Roster</div>; }
