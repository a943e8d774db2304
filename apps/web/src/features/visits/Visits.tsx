export default function Page() { return <div>visits/Visits</div>; }
