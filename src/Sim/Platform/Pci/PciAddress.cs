using System.Globalization;

namespace IommuSim.Platform;

/// <summary>
/// A PCI function address, segment:bus:device.function, printed the way Linux names PCI devices
/// (<c>dev_name()</c>, <c>%04x:%02x:%02x.%d</c>): <c>0000:01:00.0</c>.
/// The segment is an ACPI PCI segment group (16 bits); bus 8 bits, device 5 bits, function 3 bits.
/// </summary>
public readonly struct PciAddress : IEquatable<PciAddress>, IComparable<PciAddress>
{
    /// <summary>Largest device number on a bus (5 bits).</summary>
    public const int MaxDevice = 0x1f;
    /// <summary>Largest function number of a device (3 bits).</summary>
    public const int MaxFunction = 7;

    private const string What = "PCI address";
    private const string Expected = "expected segment:bus:device.function in hex, like 0000:01:00.0 (or bus:device.function, like 01:00.0)";

    /// <summary>Creates an address.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A field is out of range.</exception>
    public PciAddress(int segment, int bus, int device, int function)
    {
        if (segment is < 0 or > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(segment), segment, "a PCI segment is 0 to 0xffff");
        if (bus is < 0 or > byte.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(bus), bus, "a PCI bus number is 0 to 0xff");
        if (device is < 0 or > MaxDevice)
            throw new ArgumentOutOfRangeException(nameof(device), device, "a PCI device number is 0 to 0x1f");
        if (function is < 0 or > MaxFunction)
            throw new ArgumentOutOfRangeException(nameof(function), function, "a PCI function number is 0 to 7");
        Segment = (ushort)segment;
        Bus = (byte)bus;
        Device = (byte)device;
        Function = (byte)function;
    }

    /// <summary>The PCI segment group.</summary>
    public ushort Segment { get; }
    /// <summary>The bus number.</summary>
    public byte Bus { get; }
    /// <summary>The device (slot) number, 0 to 31.</summary>
    public byte Device { get; }
    /// <summary>The function number, 0 to 7.</summary>
    public byte Function { get; }

    /// <summary>Device and function in one byte: device &lt;&lt; 3 | function (Linux's devfn).</summary>
    public byte DevFn => (byte)(Device << 3 | Function);

    /// <summary>The requester ID (routing ID) the function puts in its TLPs: bus &lt;&lt; 8 | device &lt;&lt; 3 | function.</summary>
    public ushort RequesterId => (ushort)(Bus << 8 | DevFn);

    /// <summary>The bus this function sits on.</summary>
    public PciBusAddress BusAddress => new(Segment, Bus);

    /// <summary>The address whose requester ID is <paramref name="requesterId"/> in <paramref name="segment"/>.</summary>
    public static PciAddress FromRequesterId(int segment, int requesterId)
    {
        if (requesterId is < 0 or > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(requesterId), requesterId, "a requester ID is 16 bits");
        return new PciAddress(segment, requesterId >> 8, (requesterId >> 3) & MaxDevice, requesterId & MaxFunction);
    }

    /// <summary>True when both are functions of the same device (same segment, bus and device number).</summary>
    public bool IsSameSlot(PciAddress other) => Segment == other.Segment && Bus == other.Bus && Device == other.Device;

    /// <summary>Parses <c>0000:01:00.0</c> or <c>01:00.0</c> (segment 0).</summary>
    /// <exception cref="FormatException">The text is not a PCI address; the message says why.</exception>
    public static PciAddress Parse(string text) =>
        TryParse(text, out var address, out var error) ? address : throw new FormatException(error);

    /// <summary>Parses <c>0000:01:00.0</c> or <c>01:00.0</c> (segment 0); on failure says why in <paramref name="error"/>.</summary>
    public static bool TryParse(string? text, out PciAddress address, out string error)
    {
        address = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"a PCI address is empty; {Expected}";
            return false;
        }
        string s = text.Trim();
        int dot = s.LastIndexOf('.');
        if (dot < 0)
        {
            error = $"'{s}' is not a PCI address: the '.function' part is missing; {Expected}";
            return false;
        }
        string[] parts = s[..dot].Split(':');
        if (parts.Length is not (2 or 3))
        {
            error = $"'{s}' is not a PCI address; {Expected}";
            return false;
        }
        int i = 0;
        int segment = 0;
        if (parts.Length == 3 && !TryField(s, What, Expected, "segment", parts[i++], 4, ushort.MaxValue, out segment, out error)) return false;
        if (!TryField(s, What, Expected, "bus", parts[i++], 2, byte.MaxValue, out int bus, out error)) return false;
        if (!TryField(s, What, Expected, "device", parts[i], 2, MaxDevice, out int device, out error)) return false;
        if (!TryField(s, What, Expected, "function", s[(dot + 1)..], 1, MaxFunction, out int function, out error)) return false;
        address = new PciAddress(segment, bus, device, function);
        error = "";
        return true;
    }

    // One hex field of an address; "what" and "expected" let bus addresses share it.
    internal static bool TryField(string text, string what, string expected, string name, string field, int maxDigits, int max,
        out int value, out string error)
    {
        value = 0;
        if (field.Length == 0 || field.Length > maxDigits ||
            !int.TryParse(field, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value))
        {
            error = $"'{text}' is not a {what}: the {name} '{field}' is not a hex number of at most {maxDigits} digit{(maxDigits == 1 ? "" : "s")}; {expected}";
            return false;
        }
        if (value > max)
        {
            error = $"'{text}' is not a {what}: {name} 0x{value:x} is out of range, the largest is 0x{max:x}";
            return false;
        }
        error = "";
        return true;
    }

    /// <summary>Orders by segment, bus, device, function.</summary>
    public int CompareTo(PciAddress other)
    {
        int c = Segment.CompareTo(other.Segment);
        return c != 0 ? c : RequesterId.CompareTo(other.RequesterId);
    }

    /// <inheritdoc/>
    public bool Equals(PciAddress other) => Segment == other.Segment && RequesterId == other.RequesterId;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is PciAddress a && Equals(a);
    /// <inheritdoc/>
    public override int GetHashCode() => Segment << 16 | RequesterId;
    /// <summary>Equality.</summary>
    public static bool operator ==(PciAddress a, PciAddress b) => a.Equals(b);
    /// <summary>Inequality.</summary>
    public static bool operator !=(PciAddress a, PciAddress b) => !a.Equals(b);
    /// <summary>Ordering.</summary>
    public static bool operator <(PciAddress a, PciAddress b) => a.CompareTo(b) < 0;
    /// <summary>Ordering.</summary>
    public static bool operator >(PciAddress a, PciAddress b) => a.CompareTo(b) > 0;
    /// <summary>Ordering.</summary>
    public static bool operator <=(PciAddress a, PciAddress b) => a.CompareTo(b) <= 0;
    /// <summary>Ordering.</summary>
    public static bool operator >=(PciAddress a, PciAddress b) => a.CompareTo(b) >= 0;

    /// <summary>The Linux device name, e.g. <c>0000:01:00.0</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Segment:x4}:{Bus:x2}:{Device:x2}.{Function}");
}
