// The browser libraries, by the versions the pom names (Maven fills them in): one place to bump.
export { default as uPlot } from "../webjars/uplot/${uplot.version}/dist/uPlot.esm.js";
