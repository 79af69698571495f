namespace IommuSim.Host;

/// <summary>
/// The context an operation runs in on a host CPU, which decides who goes first when the CPU frees up:
/// interrupt work (hard interrupt handlers, softirqs such as NAPI polls and timers) before task work
/// (process context, such as a driver's transmit path mapping a new buffer).
/// </summary>
public enum CpuContext
{
    /// <summary>Hard interrupt or softirq: served before any waiting task work.</summary>
    Interrupt = 0,
    /// <summary>Process context.</summary>
    Task = 1,
}
