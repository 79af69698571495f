using System.Text;

namespace IommuSim.Tests.Docs;

/// <summary>
/// The repository stands alone: no file refers to notes outside it (the directory of shared notes beside a
/// working copy, or the notes file that lived there), because a clone does not have them. Every file under the
/// root is read, build output and tool directories aside. The strings are built from parts, so that this file
/// does not contain them either.
/// </summary>
public class SelfContainedDocsTests
{
    private static readonly string[] Forbidden = [".." + "/shared", "IOMMU" + "-NOTES"];

    // Build output, version control and package caches: not the project's own text.
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "bin", "obj", ".git", "node_modules" };

    [Fact]
    public void No_file_refers_to_notes_outside_the_repository()
    {
        string root = ReadmeExampleTests.RepoRoot();
        var needles = Forbidden.Select(Encoding.UTF8.GetBytes).ToArray();
        var offenders = new List<string>();
        foreach (var file in Files(root))
        {
            string relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            byte[] bytes = File.ReadAllBytes(file);
            var found = Forbidden.Where((_, i) => bytes.AsSpan().IndexOf(needles[i]) >= 0).ToList();
            if (found.Count > 0) offenders.Add($"{relative}: {string.Join(", ", found)}");
        }
        offenders.Sort(StringComparer.Ordinal);
        Assert.True(offenders.Count == 0,
            "files that refer to notes outside the repository (cite the primary source itself instead):\n" + string.Join("\n", offenders));
    }

    private static IEnumerable<string> Files(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory))
            if (!Skipped.Contains(Path.GetFileName(file))) yield return file;   // a worktree's .git is a file
        foreach (var sub in Directory.EnumerateDirectories(directory))
        {
            if (Skipped.Contains(Path.GetFileName(sub))) continue;
            foreach (var file in Files(sub)) yield return file;
        }
    }
}
