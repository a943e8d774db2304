export default function Page() { return <div>station/Assign</div>; }
