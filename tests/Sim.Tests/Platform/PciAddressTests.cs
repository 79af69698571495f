using IommuSim.Platform;

namespace IommuSim.Tests.Platform;

public class PciAddressTests
{
    [Theory]
    [InlineData("0000:01:00.0", 0, 1, 0, 0)]
    [InlineData("0000:00:1f.7", 0, 0, 0x1f, 7)]
    [InlineData("0001:ff:1e.3", 1, 0xff, 0x1e, 3)]
    [InlineData("ffff:80:02.1", 0xffff, 0x80, 2, 1)]
    public void Parses_and_prints_back_the_same_text(string text, int segment, int bus, int device, int function)
    {
        var a = PciAddress.Parse(text);
        Assert.Equal((segment, bus, device, function), ((int)a.Segment, (int)a.Bus, (int)a.Device, (int)a.Function));
        Assert.Equal(text, a.ToString());
        Assert.Equal(a, PciAddress.Parse(a.ToString()));
    }

    [Theory]
    [InlineData("01:00.0", "0000:01:00.0")]      // lspci without -D: segment 0
    [InlineData(" 0000:0A:1F.7 ", "0000:0a:1f.7")] // upper-case hex and spaces accepted, printed as Linux does
    [InlineData("0:1:2.3", "0000:01:02.3")]
    public void Accepts_the_short_forms_lspci_prints(string text, string printed) =>
        Assert.Equal(printed, PciAddress.Parse(text).ToString());

    [Fact]
    public void Requester_id_is_bus_device_function_packed_in_16_bits()
    {
        // bus 0x03 << 8 | device 0x1c << 3 | function 5 = 0x0300 | 0xe0 | 5
        var a = PciAddress.Parse("0000:03:1c.5");
        Assert.Equal(0x03e5, a.RequesterId);
        Assert.Equal(0xe5, a.DevFn);
        Assert.Equal(a, PciAddress.FromRequesterId(0, 0x03e5));
        Assert.Equal("0002:ff:1f.7", PciAddress.FromRequesterId(2, 0xffff).ToString());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("0000:01:00", "the '.function' part is missing")]
    [InlineData("0000:01:20.0", "device 0x20 is out of range, the largest is 0x1f")]
    [InlineData("0000:01:00.8", "function 0x8 is out of range, the largest is 0x7")]
    [InlineData("0000:100:00.0", "the bus '100' is not a hex number of at most 2 digits")]
    [InlineData("10000:00:00.0", "the segment '10000' is not a hex number of at most 4 digits")]
    [InlineData("0000:0g:00.0", "the bus '0g' is not a hex number")]
    [InlineData("1:2:3:4.0", "is not a PCI address; expected segment:bus:device.function")]
    [InlineData("0000:01:00.-1", "the function '-1' is not a hex number")]
    public void Bad_addresses_are_refused_with_the_reason(string text, string reason)
    {
        Assert.False(PciAddress.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
        var ex = Assert.Throws<FormatException>(() => PciAddress.Parse(text));
        Assert.Equal(error, ex.Message);
    }

    [Fact]
    public void Orders_by_segment_then_bus_device_function()
    {
        var list = new[] { "0001:00:00.0", "0000:02:00.0", "0000:01:01.0", "0000:01:00.1", "0000:01:00.0" }
            .Select(PciAddress.Parse).Order().Select(a => a.ToString());
        Assert.Equal(["0000:01:00.0", "0000:01:00.1", "0000:01:01.0", "0000:02:00.0", "0001:00:00.0"], list);
    }

    [Fact]
    public void Same_slot_means_same_segment_bus_and_device()
    {
        var f0 = PciAddress.Parse("0000:03:00.0");
        Assert.True(f0.IsSameSlot(PciAddress.Parse("0000:03:00.7")));
        Assert.False(f0.IsSameSlot(PciAddress.Parse("0000:03:01.0")));
        Assert.False(f0.IsSameSlot(PciAddress.Parse("0001:03:00.1")));
    }

    [Fact]
    public void Constructor_refuses_out_of_range_fields()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PciAddress(0, 256, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PciAddress(0, 0, 32, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PciAddress(0, 0, 0, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PciAddress(-1, 0, 0, 0));
    }

    [Theory]
    [InlineData("0000:80", "0000:80")]
    [InlineData("80", "0000:80")]
    [InlineData("1:0", "0001:00")]
    public void Bus_addresses_parse_and_print_like_linux_bus_names(string text, string printed) =>
        Assert.Equal(printed, PciBusAddress.Parse(text).ToString());

    [Theory]
    [InlineData("0000:100", "the bus '100' is not a hex number")]
    [InlineData("0:0:0", "is not a PCI bus")]
    [InlineData("", "empty")]
    public void Bad_bus_addresses_are_refused_with_the_reason(string text, string reason)
    {
        Assert.False(PciBusAddress.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
