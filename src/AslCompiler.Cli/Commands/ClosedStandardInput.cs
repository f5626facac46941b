using System;
using System.Runtime.InteropServices;

namespace AslCompiler.Cli.Commands;

/// <summary>
/// Tells whether the process was started with its standard input closed (<c>asl parse - &lt;&amp;-</c>). On Unix the
/// runtime then opens a descriptor of its own (a pipe it never writes) as descriptor 0, and reading "standard input"
/// waited on that pipe forever. A descriptor the process inherited cannot be close-on-exec (exec would have closed it),
/// and the runtime opens its own close-on-exec, so descriptor 0 marked close-on-exec means standard input was closed.
/// </summary>
internal static class ClosedStandardInput
{
    private const int GetDescriptorFlags = 1; // F_GETFD, on Linux and macOS alike
    private const int CloseOnExec = 1; // FD_CLOEXEC

    /// <summary>Whether standard input was closed when the process started (always false on Windows).</summary>
    public static bool AtStart()
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        try
        {
            var flags = Fcntl(0, GetDescriptorFlags);
            return flags == -1 || (flags & CloseOnExec) != 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // no C library to ask: read standard input as before
        }
    }

    [DllImport("libc", EntryPoint = "fcntl")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Fcntl(int descriptor, int command);
}
