namespace IommuSim.Observe;

/// <summary>Device names as Linux's <c>dev_name()</c> gives them, for trace events.</summary>
public static class DeviceNames
{
    /// <summary>
    /// The name of the PCI function with <paramref name="requesterId"/> (bus &lt;&lt; 8 | device &lt;&lt; 3 | function)
    /// in <paramref name="segment"/>: <c>ssss:bb:dd.f</c> in lower-case hex, e.g. <c>0000:01:00.0</c>.
    /// </summary>
    public static string Pci(ushort requesterId, int segment = 0)
    {
        if (segment is < 0 or > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(segment), segment, "PCI segments are 16-bit");
        return $"{segment:x4}:{requesterId >> 8:x2}:{(requesterId >> 3) & 0x1f:x2}.{requesterId & 7:x}";
    }
}
