export default function Page() { return <div>activities/Activities</div>; }
