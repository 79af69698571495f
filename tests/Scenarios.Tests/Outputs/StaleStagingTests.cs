using System.Diagnostics;

namespace IommuSim.Scenarios.Tests.Outputs;

/// <summary>
/// A run clears what runs killed while writing (kill -9) left beside its output directory: the siblings whose
/// process is gone. Those of running processes, and anything else, stay.
/// </summary>
public class StaleStagingTests
{
    // The pid of a process that has exited (and been reaped): no process has it, short of the pid being reused.
    private static readonly int DeadPid = ExitedProcessId();

    private static int ExitedProcessId()
    {
        using var p = Process.Start(new ProcessStartInfo("dotnet", "--version") { RedirectStandardOutput = true })!;
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return p.Id;
    }

    private static string Sibling(TempDirectory dir, string kind, int pid)
    {
        string path = dir[$".out.{kind}-{pid}-{Guid.NewGuid():N}"];
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "summary.csv"), "half");
        return path;
    }

    private static void Run(TempDirectory dir)
    {
        var (exit, _, err) = CliRunner.RunWith(FakeRunner.Run, "run", RepositoryFiles.TwoVariants, "--quiet", "--out", dir["out"]);
        Assert.True(exit == 0, err);
    }

    [Fact]
    public void A_run_removes_the_staging_directory_of_a_dead_process_and_keeps_that_of_a_live_one()
    {
        using var dir = new TempDirectory();
        Assert.False(DeadPid == Environment.ProcessId);
        string dead = Sibling(dir, "partial", DeadPid);
        string live = Sibling(dir, "partial", Environment.ProcessId);
        // Not of the pattern: the user's, whatever it looks like.
        Directory.CreateDirectory(dir[".out.partial-mine"]);
        Run(dir);
        Assert.False(Directory.Exists(dead));
        Assert.True(File.Exists(Path.Combine(live, "summary.csv")));
        Assert.True(Directory.Exists(dir[".out.partial-mine"]));
        Assert.StartsWith("variant,", File.ReadAllText(dir["out/summary.csv"]));
    }

    [Fact]
    public void A_replaced_directory_left_between_the_two_renames_becomes_the_output_directory_again()
    {
        using var dir = new TempDirectory();
        // Killed after renaming out away and before renaming its staging directory in: out is missing.
        string old = Sibling(dir, "old", DeadPid);
        File.WriteAllText(Path.Combine(old, "notes.txt"), "mine");
        string staging = Sibling(dir, "partial", DeadPid);
        Run(dir);
        Assert.Equal("mine", File.ReadAllText(dir["out/notes.txt"]));
        Assert.StartsWith("variant,", File.ReadAllText(dir["out/summary.csv"]));
        Assert.False(Directory.Exists(old));
        Assert.False(Directory.Exists(staging));
    }

    [Fact]
    public void A_replaced_directory_left_after_the_swap_is_removed_but_one_holding_files_the_target_lacks_is_kept()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir["out"]);
        File.WriteAllText(dir["out/notes.txt"], "mine");
        // Killed after the swap, before deleting the old directory: out holds what it held.
        string done = Sibling(dir, "old", DeadPid);
        File.WriteAllText(Path.Combine(done, "notes.txt"), "mine");
        // Holds a file out does not (the user made out anew by hand?): it may be the only copy.
        string other = Sibling(dir, "old", DeadPid);
        File.WriteAllText(Path.Combine(other, "only-here.txt"), "mine");
        Run(dir);
        Assert.False(Directory.Exists(done));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(other, "only-here.txt")));
    }
}
