using System.Globalization;

namespace IommuSim.Platform;

/// <summary>
/// A PCI bus, segment:bus, printed like Linux names buses (<c>%04x:%02x</c>): <c>0000:80</c>.
/// </summary>
public readonly record struct PciBusAddress
{
    private const string What = "PCI bus";
    private const string Expected = "expected segment:bus in hex, like 0000:80 (or just the bus, like 80)";

    /// <summary>Creates a bus address.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A field is out of range.</exception>
    public PciBusAddress(int segment, int bus)
    {
        if (segment is < 0 or > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(segment), segment, "a PCI segment is 0 to 0xffff");
        if (bus is < 0 or > byte.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(bus), bus, "a PCI bus number is 0 to 0xff");
        Segment = (ushort)segment;
        Bus = (byte)bus;
    }

    /// <summary>The PCI segment group.</summary>
    public ushort Segment { get; }
    /// <summary>The bus number.</summary>
    public byte Bus { get; }

    /// <summary>Parses <c>0000:80</c> or <c>80</c> (segment 0).</summary>
    /// <exception cref="FormatException">The text is not a bus address; the message says why.</exception>
    public static PciBusAddress Parse(string text) =>
        TryParse(text, out var bus, out var error) ? bus : throw new FormatException(error);

    /// <summary>Parses <c>0000:80</c> or <c>80</c> (segment 0); on failure says why in <paramref name="error"/>.</summary>
    public static bool TryParse(string? text, out PciBusAddress bus, out string error)
    {
        bus = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"a PCI bus is empty; {Expected}";
            return false;
        }
        string s = text.Trim();
        string[] parts = s.Split(':');
        if (parts.Length > 2)
        {
            error = $"'{s}' is not a PCI bus; {Expected}";
            return false;
        }
        int segment = 0;
        if (parts.Length == 2 && !PciAddress.TryField(s, What, Expected, "segment", parts[0], 4, ushort.MaxValue, out segment, out error))
            return false;
        if (!PciAddress.TryField(s, What, Expected, "bus", parts[^1], 2, byte.MaxValue, out int number, out error))
            return false;
        bus = new PciBusAddress(segment, number);
        return true;
    }

    /// <summary>The Linux bus name, e.g. <c>0000:80</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Segment:x4}:{Bus:x2}");
}
