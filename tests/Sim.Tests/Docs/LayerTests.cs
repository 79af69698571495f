using System.Text.RegularExpressions;

namespace IommuSim.Tests.Docs;

/// <summary>
/// The library's layers point one way: the kernel uses nothing else of the project, the parameter metadata
/// and units sit at the bottom, and the hardware and host components never refer to the Model that
/// assembles them. Checked on the source text, so a <c>using</c> or a fully qualified name both count.
/// </summary>
public class LayerTests
{
    private static readonly Regex Reference = new(@"\bIommuSim\.(?<ns>[A-Z][A-Za-z]*)", RegexOptions.Compiled);

    [Theory]
    [InlineData("Kernel", new string[] { "Kernel" })]
    [InlineData("Parameters", new string[] { "Parameters" })]
    [InlineData("Units", new string[] { "Units", "Kernel" })]
    [InlineData("Iommu", new string[] { "Iommu", "Kernel", "Units", "Parameters", "Platform", "Observe" })]
    [InlineData("Platform", new string[] { "Platform", "Kernel", "Units", "Parameters", "Iommu", "Observe", "Host", "Pcie" })]
    [InlineData("Host", new string[] { "Host", "Kernel", "Units", "Parameters", "Iommu", "Platform", "Observe" })]
    [InlineData("Devices", new string[] { "Devices", "Kernel", "Units", "Parameters", "Iommu", "Platform", "Observe", "Host", "Pcie" })]
    [InlineData("Pcie", new string[] { "Pcie", "Kernel", "Units", "Parameters" })]
    public void A_layer_refers_only_to_the_layers_below_it(string folder, string[] allowed)
    {
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(ReadmeExampleTests.RepoRoot(), "src/Sim", folder), "*.cs", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in Reference.Matches(text))
                if (!allowed.Contains(m.Groups["ns"].Value))
                    offenders.Add($"{Path.GetRelativePath(ReadmeExampleTests.RepoRoot(), file)}: IommuSim.{m.Groups["ns"].Value}");
        }
        Assert.True(offenders.Count == 0, string.Join("\n", offenders.Distinct()));
    }
}

public class UpperLayerTests
{
    private static readonly Regex Reference = new(@"\bIommuSim\.(?<ns>Scenarios|Experiments)\b", RegexOptions.Compiled);

    [Fact]
    public void Only_the_notebook_API_uses_the_scenario_files_layer_and_nothing_in_the_library_uses_the_notebook_API()
    {
        var root = Path.Combine(ReadmeExampleTests.RepoRoot(), "src/Sim");
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories))
        {
            string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
            if (relative.StartsWith("obj/", StringComparison.Ordinal) || relative.StartsWith("bin/", StringComparison.Ordinal)) continue;
            string folder = relative.Split('/')[0];
            foreach (Match m in Reference.Matches(File.ReadAllText(file)))
            {
                string ns = m.Groups["ns"].Value;
                bool allowed = folder == "Experiments" || (folder == "Scenarios" && ns == "Scenarios");
                if (!allowed) offenders.Add($"src/Sim/{relative}: IommuSim.{ns}");
            }
        }
        Assert.True(offenders.Count == 0, string.Join("\n", offenders.Distinct()));
    }
}

public class FileSizeTests
{
    [Fact]
    public void No_library_or_cli_source_file_is_over_450_lines()
    {
        var root = ReadmeExampleTests.RepoRoot();
        var large = Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Select(f => (File: Path.GetRelativePath(root, f), Lines: File.ReadAllLines(f).Length))
            .Where(f => f.Lines > 450)
            .ToList();
        Assert.True(large.Count == 0, "split along their seams: " + string.Join(", ", large.Select(f => $"{f.File} ({f.Lines} lines)")));
    }
}
