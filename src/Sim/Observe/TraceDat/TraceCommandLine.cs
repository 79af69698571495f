namespace IommuSim.Observe.TraceDat;

/// <summary>One line of saved_cmdlines: the command name trace-cmd shows for a pid.</summary>
/// <param name="Pid">The task's pid, as common_pid carries it.</param>
/// <param name="Comm">The task's command name (at most 15 characters in the kernel; not enforced).</param>
public sealed record TraceCommandLine(int Pid, string Comm);
