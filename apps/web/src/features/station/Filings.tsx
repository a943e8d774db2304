export default function Page() { return <div>station/Filings</div>; }
