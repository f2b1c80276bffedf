// jStat ships no types and DefinitelyTyped has none: this declares only the calls our statistics make.
declare module 'jstat' {
  interface ContinuousDistribution {
    pdf(x: number, ...parameters: number[]): number;
    cdf(x: number, ...parameters: number[]): number;
    inv(p: number, ...parameters: number[]): number;
  }
  interface JStat {
    normal: ContinuousDistribution;
    beta: ContinuousDistribution;
    chisquare: ContinuousDistribution;
    betaln(a: number, b: number): number;
  }
  const jStat: JStat;
  export default jStat;
}
