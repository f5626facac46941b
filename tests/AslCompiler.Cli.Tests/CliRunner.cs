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

    /// <summary>As <see cref="Run"/>, with <paramref name="standardInput"/> as what <c>-</c> reads.</summary>
    public static (int ExitCode, string Output, string Error) RunWithInput(byte[] standardInput, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var input = new MemoryStream(standardInput);
        var exitCode = AslCommandLine.Run(args, output, error, input);
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

    /// <summary>
    /// The folder of this test run's temporary files: one per process, deleted when the process exits, so the files the
    /// tests write (and any a failing test leaves) do not pile up in the machine's temp folder.
    /// </summary>
    public static string TempFolder => s_tempFolder.Value;

    private static readonly Lazy<string> s_tempFolder = new(() =>
    {
        var folder = Directory.CreateTempSubdirectory("asl-cli-test-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        };
        return folder;
    });

    /// <summary>A new path in <see cref="TempFolder"/> (the file is not created).</summary>
    public static string TempPath(string extension = ".json") => Path.Combine(TempFolder, Guid.NewGuid().ToString("N") + extension);

    public static string TempFile(string content)
    {
        var path = TempPath();
        File.WriteAllText(path, content);
        return path;
    }

    public static string TempFile(byte[] content)
    {
        var path = TempPath();
        File.WriteAllBytes(path, content);
        return path;
    }
}
