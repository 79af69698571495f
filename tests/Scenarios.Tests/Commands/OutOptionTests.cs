using IommuSim.Kernel;
using IommuSim.Model;
using IommuSim.Model.Spec;
using IommuSim.Scenarios.Outputs;
using IommuSim.Scenarios.Tests.Outputs;

namespace IommuSim.Scenarios.Tests.Commands;

/// <summary>
/// An <c>--out</c> the run could not write is an input error (exit 2) told before the run starts: one line naming
/// the value and what is expected, no stack trace, nothing written or left behind.
/// </summary>
public class OutOptionTests
{
    // Counts the replications run, so that a test can tell the error came before the run.
    private sealed class CountingRunner
    {
        public int Runs;

        public RunResult Run(ScenarioSpec spec, string variant, int replication, IProgress<SimTime>? progress, CancellationToken ct)
        {
            Interlocked.Increment(ref Runs);
            return FakeRunner.Run(spec, variant, replication, progress, ct);
        }
    }

    private static (int Exit, string Out, string Err, int Runs) Run(string output)
    {
        var runner = new CountingRunner();
        var (exit, stdout, err) = CliRunner.RunWith(runner.Run, "run", RepositoryFiles.TwoVariants, "--quiet", "--out", output);
        return (exit, stdout, err.ReplaceLineEndings("\n"), runner.Runs);
    }

    // Exit 2 before the run, with exactly one line: the --out value, the problem, what is expected.
    private static string Rejected(string output, string shown)
    {
        var (exit, stdout, err, runs) = Run(output);
        Assert.True(exit == 2, err);
        Assert.Equal(0, runs);
        Assert.Equal("", stdout);
        Assert.StartsWith($"--out {shown}: error: ", err, StringComparison.Ordinal);
        Assert.Contains("; expected ", err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err, StringComparison.Ordinal);
        Assert.Single(err.TrimEnd('\n').Split('\n'));
        return err.TrimEnd('\n');
    }

    // Root (CAP_DAC_OVERRIDE) writes in read-only directories, as CI's containers run the tests: found by trying.
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static bool PermissionsAreBypassed()
    {
        using var dir = new TempDirectory();
        string locked = dir["locked"];
        Directory.CreateDirectory(locked);
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            File.WriteAllText(Path.Combine(locked, "probe"), "");
            return true;
        }
        catch (UnauthorizedAccessException) { return false; }
        finally { File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); }
    }

    [Fact]
    public void An_empty_value_is_rejected() =>
        Assert.Equal("--out \"\": error: the path is empty; expected a directory (new or existing) for the outputs", Rejected("", "\"\""));

    [Fact]
    public void A_path_below_an_existing_file_is_rejected_naming_the_file()
    {
        using var dir = new TempDirectory();
        dir.Write("taken", "x");
        Assert.Equal($"--out {dir["taken/out"]}: error: {dir["taken"]} is a file, so no directory can be made below it; " +
                     "expected a directory (new or existing) for the outputs", Rejected(dir["taken/out"], dir["taken/out"]));
        Assert.Equal(["taken"], dir.Entries());
    }

    [Fact]
    public void A_name_over_255_bytes_is_rejected_with_its_length()
    {
        using var dir = new TempDirectory();
        // 128 two-byte characters: 256 bytes, though only 128 characters.
        string output = Path.Combine(dir.Path, new string('é', 128), "out");
        Assert.EndsWith("error: the name 'éééééééééééééééééééééééé...' is 256 bytes long; expected names of at most 255 bytes " +
                        "(the file system's limit)", Rejected(output, output));
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void A_long_name_that_fits_is_written_though_its_staging_name_is_shortened()
    {
        using var dir = new TempDirectory();
        string output = dir[new string('n', 255)];
        var (exit, _, err, _) = Run(output);
        Assert.True(exit == 0, err);
        Assert.True(File.Exists(Path.Combine(output, "summary.csv")));
        // No staging sibling left either, whatever its shortened name.
        Assert.Single(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void A_path_over_the_operating_systems_limit_is_rejected_and_nothing_is_left()
    {
        using var dir = new TempDirectory();
        // 5,000 characters in names of 9: each name is fine, the whole is not.
        string output = Path.Combine([dir.Path, .. Enumerable.Repeat("deep-path", 500)]);
        // Quoted by its ends, 120 characters each, so that the line still says what is wrong and what is expected.
        string shown = $"{output[..120]}...{output[^120..]} ({output.Length:N0} characters)";
        string line = Rejected(output, shown);
        Assert.Contains("error: the path is too long for the operating system (", line);
        Assert.True(line.Length < 500, line);
        Assert.Empty(dir.Entries());
    }

    [Theory]
    [InlineData("/proc")]
    [InlineData("/proc/out")]
    public void A_place_no_process_can_write_is_rejected(string output)
    {
        if (!OperatingSystem.IsLinux()) return;
        var error = Rejected(output, output);
        Assert.True(error.Contains("cannot write in it", StringComparison.Ordinal) || error.Contains("cannot make a directory in /proc", StringComparison.Ordinal), error);
        Assert.Empty(Directory.GetDirectories("/", ".proc.*"));
    }

    [Fact]
    public void A_file_system_root_is_rejected() =>
        Assert.Contains("error: this is a file-system root", Rejected(Path.GetPathRoot(Path.GetTempPath())!, Path.GetPathRoot(Path.GetTempPath())!));

    [Fact]
    public void The_working_directory_and_the_directories_holding_it_are_rejected()
    {
        // The swap would rename it away from under the shell. "." names it for any test's working directory.
        Assert.Contains("error: this is, or holds, the working directory", Rejected(".", "."));
        Assert.Contains("error: this is, or holds, the working directory", Rejected("..", ".."));
    }

    [Theory]
    [MemberData(nameof(Outputs))]
    public void A_directory_where_an_output_file_goes_is_rejected(string file)
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir["out"], file));
        File.WriteAllText(Path.Combine(dir["out"], file, "keep.txt"), "mine");
        Assert.Equal($"--out {dir["out"]}: error: {Path.Combine(dir["out"], file)} is a directory, where the run writes the file {file}; " +
                     "expected a file or nothing there", Rejected(dir["out"], dir["out"]));
        Assert.Equal(["out", $"out/{file}", $"out/{file}/keep.txt"], dir.Entries().Select(e => e.Replace('\\', '/')));
    }

    public static TheoryData<string> Outputs() => [.. RunOutputs.FileNames];

    [Fact]
    public void A_shared_directory_such_as_tmp_is_rejected()
    {
        if (OperatingSystem.IsWindows()) return;
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir["shared"]);
        File.SetUnixFileMode(dir["shared"], File.GetUnixFileMode(dir["shared"]) | UnixFileMode.StickyBit);
        Assert.Contains("error: this is a shared directory (sticky bit, like /tmp)", Rejected(dir["shared"], dir["shared"]));
    }

    [Fact]
    public void A_read_only_directory_is_rejected_unless_permissions_do_not_apply()
    {
        if (OperatingSystem.IsWindows()) return;
        using var dir = new TempDirectory();
        string output = dir["out"];
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "summary.csv"), "old");
        File.SetUnixFileMode(output, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        try
        {
            if (PermissionsAreBypassed())
            {
                // Root may write there, so the run does: every output, the directory's mode kept.
                var (exit, _, err, runs) = Run(output);
                Assert.True(exit == 0, err);
                Assert.True(runs > 0);
                Assert.StartsWith("variant,", File.ReadAllText(Path.Combine(output, "summary.csv")));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserExecute, File.GetUnixFileMode(output));
            }
            else
            {
                Assert.Equal($"--out {output}: error: cannot write in it (permission denied); expected a directory iommusim can write in",
                    Rejected(output, output));
                Assert.Equal("old", File.ReadAllText(Path.Combine(output, "summary.csv")));
            }
            Assert.Empty(TreeSnapshot.Siblings(output));
        }
        finally { File.SetUnixFileMode(output, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); }
    }

    [Fact]
    public void A_directory_in_a_read_only_parent_is_rejected_unless_permissions_do_not_apply()
    {
        if (OperatingSystem.IsWindows()) return;
        using var dir = new TempDirectory();
        string parent = dir["parent"];
        Directory.CreateDirectory(parent);
        File.SetUnixFileMode(parent, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        string output = Path.Combine(parent, "out");
        try
        {
            if (PermissionsAreBypassed())
            {
                var (exit, _, err, _) = Run(output);
                Assert.True(exit == 0, err);
                Assert.True(File.Exists(Path.Combine(output, "summary.csv")));
            }
            else
                Assert.StartsWith($"--out {output}: error: cannot make a directory in {parent} (permission denied)", Rejected(output, output));
        }
        finally { File.SetUnixFileMode(parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute); }
    }

    [Fact]
    public void A_read_only_output_file_of_an_earlier_run_does_not_stop_the_swap()
    {
        if (OperatingSystem.IsWindows()) return;
        using var dir = new TempDirectory();
        string output = dir["out"];
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "latency.csv"), "old");
        File.SetUnixFileMode(Path.Combine(output, "latency.csv"), UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var (exit, _, err, _) = Run(output);
        Assert.True(exit == 0, err);
        // Replaced with the directory, as a new file: the old one's mode went with it.
        Assert.StartsWith("variant,", File.ReadAllText(Path.Combine(output, "latency.csv")));
        Assert.Equal(RunOutputs.FileNames.Count, Directory.GetFiles(output).Length);
        Assert.Empty(TreeSnapshot.Siblings(output));
    }

    [Fact]
    public void A_problem_that_arises_during_the_run_fails_the_write_whole_and_leaves_the_directory_as_it_was()
    {
        using var dir = new TempDirectory();
        string output = dir["out"];
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(output, "latency.csv"), "old");
        string late = Path.Combine(output, "summary.csv");
        // After the check passed: someone makes a directory where summary.csv goes.
        RunResult Meddling(ScenarioSpec spec, string variant, int replication, IProgress<SimTime>? progress, CancellationToken ct)
        {
            Directory.CreateDirectory(Path.Combine(late, "theirs"));
            return FakeRunner.Run(spec, variant, replication, progress, ct);
        }
        var (exit, stdout, err) = CliRunner.RunWith(Meddling, "run", RepositoryFiles.TwoVariants, "--quiet", "--out", output);
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal($"--out {output}: error: the outputs could not be written ({late} is a directory, where the run writes the file " +
                     "summary.csv); nothing was written, the directory is as it was", err.ReplaceLineEndings("\n").TrimEnd('\n'));
        Assert.Equal(["out", "out/latency.csv", "out/summary.csv", "out/summary.csv/theirs"], dir.Entries().Select(e => e.Replace('\\', '/')));
        Assert.Equal("old", File.ReadAllText(Path.Combine(output, "latency.csv")));
    }

    [Fact]
    public void Nothing_the_check_made_is_left_when_the_run_then_fails()
    {
        using var dir = new TempDirectory();
        RunResult Failing(ScenarioSpec spec, string variant, int replication, IProgress<SimTime>? progress, CancellationToken ct) =>
            throw new InvalidOperationException("walker pool exhausted");
        var (exit, _, _) = CliRunner.RunWith(Failing, "run", RepositoryFiles.TwoVariants, "--out", dir["new/parents/out"]);
        Assert.Equal(1, exit);
        Assert.Empty(dir.Entries());
    }
}
