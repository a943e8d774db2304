export default function Page() { return <div>volunteers/Volunteers</div>; }
