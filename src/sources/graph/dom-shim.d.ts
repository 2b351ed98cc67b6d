// @microsoft/microsoft-graph-client's .d.ts files name two DOM types that lib ES2023 lacks.
type HeadersInit = ConstructorParameters<typeof Headers>[0];
type RequestInfo = Request | string;
