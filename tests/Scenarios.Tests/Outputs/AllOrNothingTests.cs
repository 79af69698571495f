using IommuSim.Model;
using IommuSim.Scenarios.Loading;
using IommuSim.Scenarios.Outputs;

namespace IommuSim.Scenarios.Tests.Outputs;

/// <summary>
/// The output directory holds all of the old files or all of the new ones: a failure, or an interrupt, at any point
/// before the swap leaves it byte for byte as it was, the user's other entries included, with no staging directory
/// beside it.
/// </summary>
public class AllOrNothingTests
{
    private static readonly LoadedScenario Scenario = Load();

    private static LoadedScenario Load()
    {
        var outcome = ScenarioLoader.LoadFile(RepositoryFiles.TwoVariants, [], null);
        Assert.True(outcome.Ok, string.Join("\n", outcome.Problems));
        return outcome.Scenario!;
    }

    private static readonly RunResult[] NewResults = [Results.Make("base", 0, Results.Histogram(1, 2, 3))];

    /// <summary>Every point the writing passes, in order: each output file, then the swap's steps.</summary>
    public static TheoryData<string> Steps() => [.. RunOutputs.FileNames, .. StagedDirectory.CommitSteps.SkipLast(1)];

    /// <summary>The same for a directory that does not exist yet: nothing to retire.</summary>
    public static TheoryData<string> NewDirectorySteps() => [.. RunOutputs.FileNames, "carry over", "swap in"];

    // An output directory as a user has it after an earlier run: old outputs, a read-only one among them, and their own files.
    private static string OldTarget(TempDirectory dir)
    {
        string target = dir["out"];
        Directory.CreateDirectory(Path.Combine(target, "notes", "more"));
        foreach (var f in RunOutputs.FileNames) File.WriteAllText(Path.Combine(target, f), "old " + f);
        File.WriteAllText(Path.Combine(target, "notes.txt"), "mine");
        File.WriteAllText(Path.Combine(target, ".hidden"), "mine too");
        File.WriteAllText(Path.Combine(target, "notes", "more", "deep.txt"), "deep");
        File.CreateSymbolicLink(Path.Combine(target, "latest"), "notes.txt");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(target, "latency.csv"), UnixFileMode.UserRead);
        return target;
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void A_failure_at_any_step_leaves_the_old_directory_exactly_as_it_was(string failing)
    {
        using var dir = new TempDirectory();
        string target = OldTarget(dir);
        var before = TreeSnapshot.Of(target);
        var e = Assert.Throws<IOException>(() => RunOutputs.Write(target, Scenario, NewResults, "9.9.9", beforeStep: step =>
        {
            if (step != failing) return;
            // Half of a file in the staging directory, as a full disk leaves it.
            if (RunOutputs.FileNames.Contains(step)) File.WriteAllText(Path.Combine(Assert.Single(TreeSnapshot.Siblings(target)), step), "varia");
            throw new IOException("disk full at " + step);
        }));
        Assert.Equal("disk full at " + failing, e.Message);
        Assert.Equal(before, TreeSnapshot.Of(target));
        Assert.Empty(TreeSnapshot.Siblings(target));
        Assert.Equal(["out"], Directory.GetFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Theory]
    [MemberData(nameof(NewDirectorySteps))]
    public void A_failure_at_any_step_leaves_no_new_directory(string failing)
    {
        using var dir = new TempDirectory();
        string target = dir["new/out"];
        Assert.Throws<IOException>(() => RunOutputs.Write(target, Scenario, NewResults, "9.9.9", beforeStep: step =>
        {
            if (step == failing) throw new IOException("disk full");
        }));
        // Not even the parent it made for the target.
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public void An_interrupt_before_the_swap_leaves_the_old_directory_as_it_was(string interrupted)
    {
        using var dir = new TempDirectory();
        string target = OldTarget(dir);
        var before = TreeSnapshot.Of(target);
        using var cancel = new CancellationTokenSource();
        var write = () => RunOutputs.Write(target, Scenario, NewResults, "9.9.9", cancel.Token, step =>
        {
            if (step == interrupted) cancel.Cancel();
        });
        // Once the old directory is renamed away, the swap is finished rather than left half done.
        bool swapStarted = StagedDirectory.CommitSteps.Skip(1).Contains(interrupted);
        if (swapStarted) write();
        else Assert.ThrowsAny<OperationCanceledException>(write);
        if (swapStarted) Assert.StartsWith("variant,", File.ReadAllText(Path.Combine(target, "summary.csv")));
        else Assert.Equal(before, TreeSnapshot.Of(target));
        Assert.Empty(TreeSnapshot.Siblings(target));
    }

    [Fact]
    public void The_swap_replaces_every_output_at_once_and_keeps_the_users_entries_as_the_same_files()
    {
        using var dir = new TempDirectory();
        string target = OldTarget(dir);
        var before = TreeSnapshot.Of(target);
        // Kept as the same file, not a copy: a change made through the old name shows through the new one.
        using (var notes = File.Open(Path.Combine(target, "notes.txt"), FileMode.Open, FileAccess.ReadWrite))
        {
            RunOutputs.Write(target, Scenario, NewResults, "9.9.9");
            notes.Seek(0, SeekOrigin.End);
            notes.Write("!"u8);
        }
        Assert.Equal("mine!", File.ReadAllText(Path.Combine(target, "notes.txt")));
        var after = TreeSnapshot.Of(target);
        foreach (var (name, content) in before)
            if (RunOutputs.FileNames.Contains(name)) Assert.NotEqual(content, after[name]);
            else if (name != "notes.txt") Assert.Equal(content, after[name]);
        Assert.Equal(before.Keys, after.Keys);
        Assert.StartsWith("variant,", File.ReadAllText(Path.Combine(target, "latency.csv")));
        Assert.Empty(TreeSnapshot.Siblings(target));
    }

    [Fact]
    public void A_failed_swap_puts_the_old_directory_back()
    {
        using var dir = new TempDirectory();
        string target = OldTarget(dir);
        var before = TreeSnapshot.Of(target);
        Assert.Throws<IOException>(() => RunOutputs.Write(target, Scenario, NewResults, "9.9.9", beforeStep: step =>
        {
            if (step != "swap in") return;
            // The old directory is already renamed away: the target is missing until it is put back.
            Assert.False(Directory.Exists(target));
            throw new IOException("rename failed");
        }));
        Assert.Equal(before, TreeSnapshot.Of(target));
        Assert.Empty(TreeSnapshot.Siblings(target));
    }

    [Fact]
    public void Failing_to_delete_the_old_directory_still_leaves_the_new_outputs_in_place()
    {
        using var dir = new TempDirectory();
        string target = OldTarget(dir);
        RunOutputs.Write(target, Scenario, NewResults, "9.9.9", beforeStep: step =>
        {
            if (step == "delete old") throw new IOException("busy");
        });
        Assert.StartsWith("variant,", File.ReadAllText(Path.Combine(target, "summary.csv")));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(target, "notes.txt")));
        // The old directory stays for a later run to clear once this process is gone (StaleStagingTests).
        string old = Assert.Single(TreeSnapshot.Siblings(target));
        Assert.Contains($".out.old-{Environment.ProcessId}-", old);
    }

    [Fact]
    public void A_symbolic_link_to_the_output_directory_stays_a_link_to_the_new_outputs()
    {
        using var dir = new TempDirectory();
        string real = OldTarget(dir);
        string link = dir["link"];
        Directory.CreateSymbolicLink(link, real);
        RunOutputs.Write(link, Scenario, NewResults, "9.9.9");
        Assert.Equal(real, new DirectoryInfo(link).LinkTarget);
        Assert.StartsWith("variant,", File.ReadAllText(Path.Combine(link, "summary.csv")));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(real, "notes.txt")));
    }
}
