using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Cli.Commands;

/// <summary><c>--mock FILE</c> of <c>asl run</c> and <c>asl serve</c>: a MockConfigFile, by path (or <c>@path</c>, as the JSON options take files).</summary>
internal static class MockConfigurationFile
{
    /// <summary>Reads the file as JSON; false, with a message naming the option or the file, when it cannot.</summary>
    public static bool TryRead(string path, TextWriter error, out JsonValue json)
    {
        json = default;
        if (path.Length == 0)
        {
            error.WriteLine("asl: --mock needs the path of a mock configuration file.");
            return false;
        }

        // '@mocks.json' as every JSON option takes a file, unless a file is named so.
        var file = path.Length > 1 && path[0] == '@' && !File.Exists(path) ? path[1..] : path;
        // The option and the file: a message about its JSON says which file it read.
        return JsonArgument.TryRead("--mock '" + file + "'", "@" + file, error, out json);
    }

    /// <summary>What the test case reads but Step Functions Local's format does not allow, one <c>asl: warning:</c> line each.</summary>
    public static void WriteWarnings(string path, MockTestCase mocks, TextWriter error) => WriteWarnings(path, [mocks], error);

    /// <summary>
    /// What the test cases read but Step Functions Local's format does not allow, one <c>asl: warning:</c> line each, a
    /// warning of a response that several test cases use once.
    /// </summary>
    public static void WriteWarnings(string path, IEnumerable<MockTestCase> testCases, TextWriter error)
    {
        foreach (var warning in testCases.SelectMany(testCase => testCase.Warnings).Distinct(StringComparer.Ordinal))
        {
            error.WriteLine($"asl: warning: {path}: {warning}");
        }
    }
}
