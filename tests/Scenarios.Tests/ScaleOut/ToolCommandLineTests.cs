using IommuSim.Scenarios.ScaleOut;

namespace IommuSim.Scenarios.Tests.ScaleOut;

/// <summary>The default command of the scripts is how the tool was started: the apphost, or the dotnet host and the dll.</summary>
public class ToolCommandLineTests
{
    private const string Dll = "/opt/iommusim/IommuSim.Cli.dll";

    [Theory]
    [InlineData("/opt/iommusim/iommusim")]
    [InlineData("/opt/iommusim/IommuSim.Cli")]
    public void The_apphost_starts_itself(string apphost) =>
        Assert.Equal([apphost], ToolCommandLine.For(apphost, Dll, _ => false));

    [Fact]
    public void The_dotnet_host_starts_the_dll() =>
        Assert.Equal(["/usr/share/dotnet/dotnet", Dll], ToolCommandLine.For("/usr/share/dotnet/dotnet", Dll, _ => true));

    [Fact]
    public void Another_host_gets_the_apphost_beside_the_dll() =>
        Assert.Equal(["/opt/iommusim/iommusim"], ToolCommandLine.For("/sdk/testhost", Dll, f => f == "/opt/iommusim/iommusim"));

    [Fact]
    public void Without_an_apphost_it_is_dotnet_and_the_dll() =>
        Assert.Equal(["dotnet", Dll], ToolCommandLine.For("/sdk/testhost", Dll, _ => false));

    [Fact]
    public void A_relative_path_is_made_absolute()
    {
        var words = ToolCommandLine.For("bin/iommusim", "bin/IommuSim.Cli.dll", _ => false);
        Assert.Equal([Path.GetFullPath("bin/iommusim")], words);
    }
}
