namespace AslCompiler.Runtime.Tests;

/// <summary>Finds the repository root (the folder holding AslCompiler.sln) and ../shared/corpus beside it (never copied into the repo).</summary>
internal static class CorpusLocator
{
    /// <summary>The repository root.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The shared corpus.</summary>
    public static string Root { get; } = FindCorpus();

    /// <summary>
    /// The case ids of a skip list kept in the source tree (<c>id | reason</c> lines, <c>#</c> comments), given by its
    /// path under this test project.
    /// </summary>
    public static HashSet<string> ReadSkipList(string pathInTestProject) =>
        File.ReadAllLines(Path.Combine(RepositoryRoot, "tests", "AslCompiler.Runtime.Tests", pathInTestProject))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(" | ")[0].Trim())
            .ToHashSet(StringComparer.Ordinal);

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AslCompiler.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("The repository root (AslCompiler.sln) was not found.");
    }

    private static string FindCorpus()
    {
        var corpus = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "corpus"));
        return Directory.Exists(corpus)
            ? corpus
            : throw new DirectoryNotFoundException("../shared/corpus was not found next to the repository root.");
    }
}
