namespace IommuSim.Scenarios.Outputs;

/// <summary>
/// Writes a run's outputs into a staging directory and swaps it in whole, so that the output directory holds all of
/// the old files or all of the new ones, never a mix, and a run that fails or is interrupted leaves it as it was:
/// <list type="number">
/// <item>The staging directory <c>.DIR.partial-PID-ID</c> (<see cref="StagingNames"/>) is made beside the output
/// directory DIR: a sibling, on the same file system, so that a rename can put it in DIR's place.</item>
/// <item>The outputs are written into it (<see cref="File"/>).</item>
/// <item><see cref="Commit"/> carries DIR's other entries into it (<see cref="CarryOver"/>: hard links, so the
/// user's files are neither copied nor changed), renames DIR to <c>.DIR.old-PID-ID</c>, renames the staging directory
/// to DIR, and deletes the old one. Should the second rename fail, the first is undone. Until the first rename DIR is
/// untouched; after the second it is complete.</item>
/// </list>
/// Between the two renames DIR is briefly absent: there is no portable rename that exchanges two directories. A
/// process killed while writing leaves its siblings, named with its process id, for the next run to clear or to
/// rename back (<see cref="StaleStaging"/>). DIR is a new directory afterwards: it has the old one's mode, and the
/// owner of the process that wrote it. A symbolic link DIR stays as it is: what it points to is swapped.
/// </summary>
internal sealed class StagedDirectory : IDisposable
{
    /// <summary>The steps of <see cref="Commit"/>, as the test hook hears them, after one per output file name.</summary>
    public static readonly IReadOnlyList<string> CommitSteps = ["carry over", "retire", "swap in", "delete old"];

    private readonly string _target;
    private readonly string _staging;
    private readonly MissingDirectories _parents;
    private readonly List<string> _files = [];
    private readonly CancellationToken _cancellationToken;
    private readonly Action<string>? _beforeStep;
    private bool _committed;

    /// <param name="target">The output directory.</param>
    /// <param name="cancellationToken">Checked before each file and before the swap; once the swap began it completes.</param>
    /// <param name="beforeStep">Test hook: called with each output's file name before it is written and with each of
    /// <see cref="CommitSteps"/>; what it throws stands for a failure there.</param>
    public StagedDirectory(string target, CancellationToken cancellationToken = default, Action<string>? beforeStep = null)
    {
        _target = TargetPath(target);
        _cancellationToken = cancellationToken;
        _beforeStep = beforeStep;
        _parents = MissingDirectories.Create(Path.GetDirectoryName(_target)
            ?? throw new ArgumentException($"'{target}' has no parent directory", nameof(target)));
        _staging = StagingNames.New(_target, StagingNames.Partial);
        try
        {
            Directory.CreateDirectory(_staging);
        }
        catch
        {
            _parents.Remove();
            throw;
        }
    }

    /// <summary>
    /// The full path the outputs for <paramref name="target"/> go to: "out/" and "out" are the same (the staging
    /// directory must be a sibling, not a child), and a symbolic link is followed, so that the link is kept.
    /// </summary>
    public static string TargetPath(string target)
    {
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));
        var entry = new DirectoryInfo(full);
        return entry.LinkTarget is null ? full : Path.TrimEndingDirectorySeparator(entry.ResolveLinkTarget(returnFinalTarget: true)!.FullName);
    }

    /// <summary>The staging path of output <paramref name="fileName"/>; <see cref="Commit"/> puts it in place.</summary>
    public string File(string fileName)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        _files.Add(fileName);
        _beforeStep?.Invoke(fileName);
        return Path.Combine(_staging, fileName);
    }

    /// <summary>Swaps the staging directory in for the target, keeping the target's other entries.</summary>
    public void Commit()
    {
        bool replacing = Directory.Exists(_target);
        Step(CommitSteps[0]);
        if (replacing) CarryOver.Entries(_target, _staging, _files.ToHashSet(StringComparer.Ordinal));
        // The last moment at which an interrupted run leaves the old outputs; from here on the swap is completed.
        _cancellationToken.ThrowIfCancellationRequested();
        if (!replacing)
        {
            Step(CommitSteps[2]);
            Directory.Move(_staging, _target);
            _committed = true;
            return;
        }
        string old = StagingNames.New(_target, StagingNames.Old);
        Step(CommitSteps[1]);
        Directory.Move(_target, old);
        try
        {
            Step(CommitSteps[2]);
            Directory.Move(_staging, _target);
        }
        catch (Exception e)
        {
            Restore(old, e);
            throw;
        }
        _committed = true;
        try
        {
            Step(CommitSteps[3]);
            OwnTree.Delete(old);
        }
        // The new outputs are in place; the old directory is cleared by a later run (StaleStaging).
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>Removes the staging directory, and the directories made for it, unless the swap put it in place.</summary>
    public void Dispose()
    {
        if (_committed) return;
        try
        {
            OwnTree.Delete(_staging);
            _parents.Remove();
        }
        // Disposing after a failure: the failure is what the user needs to hear of; a later run clears the rest.
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    private void Step(string step) => _beforeStep?.Invoke(step);

    private void Restore(string old, Exception swapFailure)
    {
        try
        {
            Directory.Move(old, _target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TargetNotRestoredException(
                $"{swapFailure.Message}; renaming the previous directory back failed too ({e.Message})", old, swapFailure);
        }
    }
}
