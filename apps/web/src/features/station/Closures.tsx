export default function Page() { return <div>station/Closures</div>; }
