package io.careloop.simulators;

/**
 * What one end-to-end round's CPU accounting says about the goal, when every process shares the
 * machine: the ratio to the bare rate had the backend cost no CPU, and the CPU per session the
 * backend could spend for the rate to reach the goal. Arithmetic on measured figures, not a
 * measurement: it takes the end-to-end rate to grow with the CPU freed (the machine was busy
 * throughout the phase), and everything else (Cassandra, the broker, the brushes, the kernel's
 * unattributed work) to cost per session what it did.
 *
 * @param backendMicros CPU the backend spent per stored session, in microseconds
 * @param ratioWithBackendFree the end-to-end rate over the bare rate had the backend cost nothing
 * @param backendBudgetMicros CPU per session the backend could spend for the goal (negative: none
 *     would reach it)
 */
record Ceiling(double backendMicros, double ratioWithBackendFree, double backendBudgetMicros) {

  /**
   * @param endToEnd the machine's CPU during the end-to-end phase
   * @param backend the name the backend's process is reported under
   * @param rate end-to-end sessions per second
   * @param bareRate the bare insert's sessions per second
   * @param goal the end-to-end rate wanted, as a share of the bare one
   */
  static Ceiling of(
      CpuAccount.Usage endToEnd, String backend, double rate, double bareRate, double goal) {
    double busy = endToEnd.busy();
    double backendPerSession = endToEnd.processes().getOrDefault(backend, 0.0) / rate;
    double restPerSession = busy / rate - backendPerSession;
    double rateWithBackendFree = busy / restPerSession;
    double budget = busy / (goal * bareRate) - restPerSession;
    return new Ceiling(backendPerSession * 1e6, rateWithBackendFree / bareRate, budget * 1e6);
  }
}
