namespace IommuSim.Devices;

/// <summary>
/// Who a device's driver work runs as, which a kernel trace shows on every line: the task that submits work in
/// process context, and where the work after an interrupt runs.
/// </summary>
/// <param name="Submitter">The submitting task's name (<c>comm</c>, e.g. <c>fio</c> for NVMe I/O), at most 15
/// characters, as the kernel keeps it.</param>
/// <param name="AfterInterrupt">Hard interrupt handler or softirq.</param>
public sealed record DriverTasks(string Submitter, InterruptWork AfterInterrupt)
{
    /// <summary>Longest task name the kernel keeps (TASK_COMM_LEN 16 with the NUL).</summary>
    public const int MaxNameLength = 15;

    /// <summary>A driver whose process-context work runs as a task named after the device (cut to 15 characters).</summary>
    public static DriverTasks NamedAfter(string device, InterruptWork afterInterrupt)
    {
        ArgumentNullException.ThrowIfNull(device);
        return new(device.Length <= MaxNameLength ? device : device[..MaxNameLength], afterInterrupt);
    }
}
