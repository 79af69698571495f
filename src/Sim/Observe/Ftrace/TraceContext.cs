namespace IommuSim.Observe.Ftrace;

/// <summary>
/// Who raised a trace event and in what state: the task's <c>comm</c> and pid, the CPU, the
/// <c>common_flags</c> and the two counts packed in <c>common_preempt_count</c>.
/// </summary>
/// <param name="Comm">The task name (<c>task_struct.comm</c>, at most 15 characters: TASK_COMM_LEN is 16 with the NUL).</param>
/// <param name="Pid">The task's pid (0 for the idle task).</param>
/// <param name="Cpu">The CPU whose ring buffer holds the event.</param>
/// <param name="Flags">The context flags.</param>
/// <param name="PreemptDepth">Preemption depth, 0 to 15 (low nibble of <c>common_preempt_count</c>).</param>
/// <param name="MigrateDisable">Migrate-disable depth, 0 to 15 (high nibble, v5.13 on).</param>
public readonly record struct TraceContext(string Comm, int Pid, int Cpu, TraceFlags Flags, int PreemptDepth = 0,
    int MigrateDisable = 0)
{
    /// <summary>Longest <c>comm</c> the kernel keeps (TASK_COMM_LEN 16 minus the terminating NUL).</summary>
    public const int MaxCommLength = 15;

    /// <summary>
    /// NAPI receive work (the NET_RX softirq) that interrupted the idle task of <paramref name="cpu"/>:
    /// <c>&lt;idle&gt;-0</c>, flags <c>..s..</c>. The idle task is the common case on a lightly loaded receiver;
    /// use <see cref="InSoftIrq"/> for another interrupted task, e.g. <c>ksoftirqd/N</c>.
    /// </summary>
    public static TraceContext NapiSoftIrq(int cpu) => new("<idle>", 0, cpu, TraceFlags.SoftIrq);

    /// <summary>Softirq work that interrupted the task <paramref name="comm"/>-<paramref name="pid"/>: flags <c>..s..</c>.</summary>
    public static TraceContext InSoftIrq(string comm, int pid, int cpu) => new(comm, pid, cpu, TraceFlags.SoftIrq);

    /// <summary>
    /// A user task in a system call, e.g. an NVMe submitter (<c>fio</c>) mapping its buffer: flags <c>.....</c>.
    /// </summary>
    public static TraceContext Task(string comm, int pid, int cpu) => new(Cut(comm), pid, cpu, TraceFlags.None);

    /// <summary>
    /// A workqueue worker, named as the kernel names bound workers, <c>kworker/&lt;cpu&gt;:&lt;id&gt;</c>
    /// (kernel/workqueue.c), e.g. deferred flush work: flags <c>.....</c>.
    /// </summary>
    public static TraceContext Kworker(int cpu, int workerId, int pid) =>
        new(Cut($"kworker/{cpu}:{workerId}"), pid, cpu, TraceFlags.None);

    /// <summary>
    /// An unbound workqueue worker, <c>kworker/u&lt;pool&gt;:&lt;id&gt;</c> (kernel/workqueue.c), e.g. the
    /// deferred IOTLB flush or DMA unmap work of a driver: flags <c>.....</c>.
    /// </summary>
    public static TraceContext UnboundKworker(int pool, int workerId, int pid, int cpu) =>
        new(Cut($"kworker/u{pool}:{workerId}"), pid, cpu, TraceFlags.None);

    /// <summary>
    /// A threaded interrupt handler, named <c>irq/&lt;irq&gt;-&lt;name&gt;</c> (kernel/irq/manage.c
    /// <c>setup_irq_thread</c>) and cut to 15 characters, e.g. AMD-Vi's event-log thread <c>irq/26-AMD-Vi</c>
    /// that reports io_page_fault: task context, flags <c>.....</c>.
    /// </summary>
    public static TraceContext IrqThread(int irq, string name, int pid, int cpu) =>
        new(Cut($"irq/{irq}-{name}"), pid, cpu, TraceFlags.None);

    /// <summary>
    /// A hard interrupt handler that interrupted the idle task (e.g. Intel's DMAR fault interrupt):
    /// <c>&lt;idle&gt;-0</c>, flags <c>d.h..</c>.
    /// </summary>
    public static TraceContext HardIrq(int cpu) => new("<idle>", 0, cpu, TraceFlags.IrqsOff | TraceFlags.HardIrq);

    /// <summary>
    /// QEMU's thread issuing VFIO_IOMMU_MAP_DMA for a guest: <c>comm</c> <c>qemu-system-x86</c> (the binary
    /// name cut to 15 characters), flags <c>.....</c>.
    /// </summary>
    public static TraceContext Qemu(int pid, int cpu) => new("qemu-system-x86", pid, cpu, TraceFlags.None);

    /// <summary>
    /// Boot-time device probing in <c>kernel_init</c> before it executes init: pid 1, still named
    /// <c>swapper/0</c>, flags <c>.....</c> (where IOMMU groups are formed and default domains attached).
    /// </summary>
    public static TraceContext Boot(int cpu = 0) => new("swapper/0", 1, cpu, TraceFlags.None);

    /// <summary>A module load that probes a device (<c>modprobe</c>): flags <c>.....</c>.</summary>
    public static TraceContext Modprobe(int pid, int cpu) => new("modprobe", pid, cpu, TraceFlags.None);

    /// <summary>The <c>common_preempt_count</c> byte: preempt depth in the low nibble, migrate-disable in the high.</summary>
    public byte PreemptCountByte => (byte)((PreemptDepth & 0xf) | ((MigrateDisable & 0xf) << 4));

    /// <summary>
    /// Writes the flag columns as kernel/trace/trace_output.c <c>trace_print_lat_fmt</c> prints them, and
    /// returns how many characters (4 or 5).
    /// </summary>
    public int WriteFlags(Span<char> destination, FtraceContextLayout layout)
    {
        bool irqsOff = (Flags & TraceFlags.IrqsOff) != 0;
        bool bhOff = (Flags & TraceFlags.BhOff) != 0 && layout == FtraceContextLayout.FiveFlagsPid7;
        destination[0] = irqsOff && bhOff ? 'D' : irqsOff ? 'd' : bhOff ? 'b' : '.';
        bool nr = (Flags & TraceFlags.NeedResched) != 0, pr = (Flags & TraceFlags.PreemptResched) != 0;
        destination[1] = nr && pr ? 'N' : nr ? 'n' : pr ? 'p' : '.';
        bool nmi = (Flags & TraceFlags.Nmi) != 0, hard = (Flags & TraceFlags.HardIrq) != 0;
        bool soft = (Flags & TraceFlags.SoftIrq) != 0;
        destination[2] = nmi && hard ? 'Z' : nmi ? 'z' : hard && soft ? 'H' : hard ? 'h' : soft ? 's' : '.';
        destination[3] = Nibble(PreemptDepth);
        if (layout == FtraceContextLayout.FourFlagsPid5) return 4;
        destination[4] = Nibble(MigrateDisable);
        return 5;
    }

    // The kernel keeps the first TASK_COMM_LEN - 1 characters of a task's name.
    private static string Cut(string comm) => comm.Length <= MaxCommLength ? comm : comm[..MaxCommLength];

    // The kernel prints a nonzero count with "%x" and a zero one as '.'.
    private static char Nibble(int count) => (count & 0xf) == 0 ? '.' : "0123456789abcdef"[count & 0xf];
}
