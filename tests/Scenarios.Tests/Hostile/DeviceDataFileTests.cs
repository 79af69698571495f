namespace IommuSim.Scenarios.Tests.Hostile;

/// <summary>
/// A device's own data files (a NIC's frame-size CDF, a replay's trace) are regular files read with bounded memory: a
/// device, or a line without an end, is an input error at the key's place in the scenario (exit 2), never a hang.
/// </summary>
public class DeviceDataFileTests
{
    private static (int Exit, string Err) Run(TempDirectory dir, string device)
    {
        string path = Path.Combine(dir.Path, "s.yaml");
        File.WriteAllText(path, "name: h\nrun: {duration: 1ms, warmup: 0s}\nhost: {cpus: 8}\ndevices:\n" + device);
        var (exit, _, err) = CliRunner.Run("run", path, "--out", Path.Combine(dir.Path, "out"));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "out")));
        return (exit, err);
    }

    [Fact]
    public void A_device_file_as_a_trace_or_a_cdf_is_refused_at_its_key()
    {
        using var dir = new TempDirectory();
        var (exit, err) = Run(dir, "  - name: r\n    type: replay\n    trace:\n      file: /dev/zero\n");
        Assert.Equal(2, exit);
        Assert.Contains("s.yaml:8:13: error: devices.0.trace.file: '/dev/zero' is a character device, not a regular file", err);
        (exit, err) = Run(dir, "  - name: n\n    type: nic\n    line_rate: 10Gbps\n    traffic:\n      sizes: cdf\n      cdf_file: /dev/zero\n");
        Assert.Equal(2, exit);
        Assert.Contains("s.yaml:10:17: error: devices.0.traffic.cdf_file: /dev/zero:1:1: '/dev/zero' is a character device", err);
    }

    [Fact]
    public void A_trace_line_without_an_end_is_cut_and_reported_at_its_line()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "long.csv"), "time,device,iova,size,direction\n" + new string('x', 5_000_000) + "\n");
        var (exit, err) = Run(dir, "  - name: r\n    type: replay\n    trace:\n      file: long.csv\n");
        Assert.Equal(2, exit);
        // Cut at 65,536 characters, the row has no second field.
        Assert.Contains("long.csv:2:65537: missing field 'device'", err);
    }
}
