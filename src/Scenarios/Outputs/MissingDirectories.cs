namespace IommuSim.Scenarios.Outputs;

/// <summary>
/// The directories of a path that did not exist, created top down and removable again bottom up, so that a run
/// that writes nothing (it failed, was interrupted, or only checked where it would write) leaves no empty
/// directory behind either.
/// </summary>
internal sealed class MissingDirectories
{
    private readonly List<string> _created = [];

    private MissingDirectories() { }

    /// <summary>Creates <paramref name="path"/> (a full path) and whatever above it is missing.</summary>
    public static MissingDirectories Create(string path)
    {
        var missing = new Stack<string>();
        for (string? p = path; p is not null && !Path.Exists(p); p = Path.GetDirectoryName(p)) missing.Push(p);
        var made = new MissingDirectories();
        try
        {
            foreach (var p in missing)
            {
                Directory.CreateDirectory(p);
                made._created.Add(p);
            }
        }
        catch
        {
            made.Remove();
            throw;
        }
        return made;
    }

    /// <summary>Removes the directories created, deepest first, as far as they are still empty.</summary>
    public void Remove()
    {
        for (int i = _created.Count - 1; i >= 0; i--)
        {
            try { Directory.Delete(_created[i]); }
            catch (IOException) { return; }
            catch (UnauthorizedAccessException) { return; }
        }
        _created.Clear();
    }
}
