namespace IommuSim.Observe.Ftrace;

/// <summary>
/// The <c>common_flags</c> byte of a trace record: include/linux/trace_events.h <c>enum trace_flag_type</c>
/// (values as in v5.17 to v6.12, before the lazy-preemption renumbering).
/// </summary>
[Flags]
public enum TraceFlags : byte
{
    /// <summary>No flag: task context, interrupts and bottom halves enabled.</summary>
    None = 0,
    /// <summary><c>TRACE_FLAG_IRQS_OFF</c>: local interrupts disabled (printed <c>d</c>).</summary>
    IrqsOff = 0x01,
    /// <summary><c>TRACE_FLAG_NEED_RESCHED</c>: TIF_NEED_RESCHED set (printed <c>n</c>, or <c>N</c> with <see cref="PreemptResched"/>).</summary>
    NeedResched = 0x04,
    /// <summary><c>TRACE_FLAG_HARDIRQ</c>: in a hard interrupt handler (printed <c>h</c>).</summary>
    HardIrq = 0x08,
    /// <summary><c>TRACE_FLAG_SOFTIRQ</c>: serving a softirq, e.g. NAPI's NET_RX (printed <c>s</c>).</summary>
    SoftIrq = 0x10,
    /// <summary><c>TRACE_FLAG_PREEMPT_RESCHED</c>: the preempt-count resched bit set (printed <c>p</c>).</summary>
    PreemptResched = 0x20,
    /// <summary><c>TRACE_FLAG_NMI</c>: in an NMI (printed <c>z</c>, <c>Z</c> with <see cref="HardIrq"/>).</summary>
    Nmi = 0x40,
    /// <summary><c>TRACE_FLAG_BH_OFF</c> (v5.17 on): bottom halves disabled (printed <c>b</c>, <c>D</c> with <see cref="IrqsOff"/>).</summary>
    BhOff = 0x80,
}
