namespace IommuSim.Observe.Ftrace;

/// <summary>
/// How <c>/sys/kernel/tracing/trace</c> lays out the context columns before each event's text
/// (kernel/trace/trace_output.c <c>trace_print_context</c>, kernel/trace/trace.c <c>print_func_help_header_irq</c>).
/// </summary>
public enum FtraceContextLayout
{
    /// <summary>
    /// Older kernels (the v4.x series): <c>%16s-%-5d [%03d] </c>, four flag columns (irqs-off, need-resched,
    /// hardirq/softirq, preempt-depth).
    /// </summary>
    FourFlagsPid5,
    /// <summary>
    /// Kernels with bottom-half accounting (v5.17 on): <c>%16s-%-7d [%03d] </c>, five flag columns
    /// (irqs-off/BH-disabled, need-resched, hardirq/softirq, preempt-depth, migrate-disable).
    /// </summary>
    FiveFlagsPid7,
}
