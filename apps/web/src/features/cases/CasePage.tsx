export default function Page() { return <div>cases/CasePage</div>; }
