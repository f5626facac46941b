namespace AslCompiler.Runtime.Tests;

/// <summary>Finds ../shared/corpus next to the repository root (never copied into the repo).</summary>
internal static class CorpusLocator
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AslCompiler.sln")))
            {
                var corpus = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "corpus"));
                if (Directory.Exists(corpus))
                {
                    return corpus;
                }
            }
        }

        throw new DirectoryNotFoundException("../shared/corpus was not found next to the repository root.");
    }
}
