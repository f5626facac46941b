using System;
using System.IO;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Benchmarks.Execution;

/// <summary>The benchmark workflow and its input, from ../shared/bench next to the repository root.</summary>
internal static class BenchFiles
{
    /// <summary>The text of workflow20.asl.json.</summary>
    public static string Workflow20Definition() => File.ReadAllText(Path.Combine(Directory(), "workflow20.asl.json"));

    /// <summary>The text of workflow20.input.json.</summary>
    public static string Workflow20Input() => File.ReadAllText(Path.Combine(Directory(), "workflow20.input.json"));

    /// <summary>workflow20 compiled for the interpreter.</summary>
    public static StateMachineProgram Workflow20Interpreted() => AslInterpreter.Compile(Workflow20Definition());

    /// <summary>workflow20's input, parsed.</summary>
    public static JsonValue Workflow20InputValue() => JsonValue.Parse(Workflow20Input());

    /// <summary>The ../shared/bench folder.</summary>
    public static string Directory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "bench");
            if (File.Exists(Path.Combine(dir.FullName, "AslCompiler.sln")) && System.IO.Directory.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new DirectoryNotFoundException("../shared/bench was not found next to the repository root.");
    }
}
