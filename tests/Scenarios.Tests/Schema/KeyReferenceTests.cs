namespace IommuSim.Scenarios.Tests.Schema;

public class KeyReferenceTests
{
    [Fact]
    public void Docs_scenarios_md_is_what_schema_markdown_generates()
    {
        var (exit, output, err) = CliRunner.Run("schema", "--markdown");
        Assert.True(exit == 0, err);
        string committed = File.ReadAllText(RepositoryFiles.Path("docs/scenarios.md")).ReplaceLineEndings("\n");
        Assert.True(committed == output,
            "docs/scenarios.md is out of date: run `dotnet run --project src/Scenarios -- schema --markdown > docs/scenarios.md`");
    }

    [Fact]
    public void The_reference_lists_each_key_with_its_default_and_source()
    {
        var (_, output, _) = CliRunner.Run("schema", "--markdown");
        Assert.Contains("| `run.duration` | time | from 1ps to 1000000s | `100ms` | Measured simulated time per replication, after warm-up. | convention: ten periods", output);
        Assert.Contains("| `devices.N.rate` | bit rate | from 1bps to 10Tbps | required |", output);
        Assert.Contains("| `host.mode` | off \\| passthrough \\| lazy \\| strict \\| swiotlb |", output);
        Assert.Contains("| `sweep` |", output);
    }
}
