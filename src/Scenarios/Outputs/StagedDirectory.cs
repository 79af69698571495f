namespace IommuSim.Scenarios.Outputs;

/// <summary>
/// Output files are written into a hidden temporary directory next to the target and moved into the
/// target only when all are complete, so an interrupted or failed run leaves no half-written file and
/// replaces existing files only at the end. Files of the target that this run does not write are kept.
/// </summary>
internal sealed class StagedDirectory : IDisposable
{
    private readonly string _target;
    private readonly string _staging;
    private readonly List<string> _files = [];

    public StagedDirectory(string target)
    {
        // "out/" and "out" are the same target; the staging directory must be its sibling, not its child.
        _target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));
        string parent = Path.GetDirectoryName(_target) ?? throw new ArgumentException($"'{target}' has no parent directory", nameof(target));
        Directory.CreateDirectory(parent);
        _staging = Path.Combine(parent, $".{Path.GetFileName(_target)}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_staging);
    }

    /// <summary>The staging path of output <paramref name="fileName"/>; it is moved into place by <see cref="Commit"/>.</summary>
    public string File(string fileName)
    {
        _files.Add(fileName);
        return Path.Combine(_staging, fileName);
    }

    /// <summary>Moves every file into the target directory (created if needed), replacing older ones.</summary>
    public void Commit()
    {
        Directory.CreateDirectory(_target);
        foreach (var f in _files)
            System.IO.File.Move(Path.Combine(_staging, f), Path.Combine(_target, f), overwrite: true);
    }

    /// <summary>Removes the staging directory and anything left in it.</summary>
    public void Dispose()
    {
        if (Directory.Exists(_staging)) Directory.Delete(_staging, recursive: true);
    }
}
