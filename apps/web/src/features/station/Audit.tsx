export default function Page() { return <div>station/Audit</div>; }
