namespace AslCompiler.Cli.Tests;

/// <summary>Runs the <c>asl</c> command line in-process and captures what it prints.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = AslCommandLine.Run(args, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }

    public static string RepositoryFile(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "AslCompiler.sln")))
            {
                return Path.Combine(dir.FullName, relativePath);
            }
        }

        throw new DirectoryNotFoundException("The repository root (AslCompiler.sln) was not found.");
    }

    public static string TempFile(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), "asl-cli-test-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, content);
        return path;
    }

    public static string TempFile(byte[] content)
    {
        var path = Path.Combine(Path.GetTempPath(), "asl-cli-test-" + Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllBytes(path, content);
        return path;
    }
}
