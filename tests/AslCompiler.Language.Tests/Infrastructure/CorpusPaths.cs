namespace AslCompiler.Language.Tests.Infrastructure;

/// <summary>Finds the shared corpus: <c>&lt;repo&gt;/../shared/corpus</c>, where <c>&lt;repo&gt;</c> holds AslCompiler.sln.</summary>
internal static class CorpusPaths
{
    private static readonly Lazy<string> SharedLazy = new(FindShared);

    /// <summary>The <c>shared</c> directory next to the repository.</summary>
    public static string Shared => SharedLazy.Value;

    /// <summary>The <c>shared/corpus</c> directory.</summary>
    public static string Corpus => Path.Combine(Shared, "corpus");

    /// <summary>The <c>shared/bench</c> directory.</summary>
    public static string Bench => Path.Combine(Shared, "bench");

    /// <summary>A path under the corpus, from a relative path with forward slashes.</summary>
    public static string InCorpus(string relative) => Path.Combine(Corpus, relative.Replace('/', Path.DirectorySeparatorChar));

    private static string FindShared()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AslCompiler.sln")))
            {
                var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared"));
                if (Directory.Exists(Path.Combine(shared, "corpus")))
                {
                    return shared;
                }
            }
        }

        throw new DirectoryNotFoundException(
            "Could not find ../shared/corpus next to a directory holding AslCompiler.sln, walking up from " + AppContext.BaseDirectory);
    }
}
