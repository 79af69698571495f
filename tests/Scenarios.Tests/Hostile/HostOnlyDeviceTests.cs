namespace IommuSim.Scenarios.Tests.Hostile;

/// <summary>
/// The NIC, NVMe and replay models run their drivers on the host: such a device assigned to a VM is refused before the
/// run, at its place in the file (exit 2, nothing written), not half-built.
/// </summary>
public class HostOnlyDeviceTests
{
    [Theory]
    [InlineData("type: nic\n    line_rate: 10Gbps")]
    [InlineData("type: nvme")]
    public void A_host_only_device_assigned_to_a_vm_is_refused_at_its_key(string device)
    {
        using var dir = new TempDirectory();
        string text = File.ReadAllText(Path.Combine(RepositoryFiles.Path("scenarios"), "vfio-assign.yaml"));
        int a = text.IndexOf("  - name: vf1-guest", StringComparison.Ordinal), b = text.IndexOf("  # Receive traffic of the host", StringComparison.Ordinal);
        string path = dir.Write("vm.yaml", text[..a] + $"  - name: vf1-guest\n    {device}\n    bdf: \"0000:01:10.0\"\n" + text[b..]);
        var (exit, _, err) = CliRunner.Run("run", path, "--out", dir["out"]);
        Assert.Equal(2, exit);
        Assert.Matches(@"vm\.yaml:\d+:\d+: error: devices\.0: vf1-guest is assigned to a VM, but this kind of device's driver is modelled on the host only", err);
        Assert.False(Directory.Exists(dir["out"]));
    }
}
