export default function Page() { return <div>cases/Cases</div>; }
