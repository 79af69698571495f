namespace IommuSim.Kernel;

/// <summary>
/// Event priorities. Events at the same time fire in (time, priority, sequence) order: a lower
/// priority value fires first, and equal priorities fire in the order they were scheduled.
/// </summary>
public static class Priority
{
    /// <summary>Fires before normal events at the same time (process start, interrupts).</summary>
    public const int Urgent = -1;
    /// <summary>The default priority.</summary>
    public const int Normal = 0;
    /// <summary>Fires after normal events at the same time.</summary>
    public const int Low = 1;
    /// <summary>Smallest accepted priority value.</summary>
    public const int Min = -16384;
    /// <summary>Largest accepted priority value.</summary>
    public const int Max = 16383;
}
