using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using AslCompiler.Runtime.Execution;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>Runs <see cref="AslGenerator"/> through a <see cref="CSharpGeneratorDriver"/> with step tracking on.</summary>
internal static class GeneratorHarness
{
    public const string ProjectDir = "/src/Shop/";

    public static readonly CSharpParseOptions ParseOptions =
        new CSharpParseOptions(LanguageVersion.Latest).WithDocumentationMode(DocumentationMode.Diagnose);

    /// <summary>The framework, AslCompiler.Runtime and AslCompiler.Language (not the generator, which links the core's sources).</summary>
    public static readonly ImmutableArray<MetadataReference> RuntimeReferences = FrameworkReferences()
        .Add(MetadataReference.CreateFromFile(typeof(AslCompiler.Runtime.Execution.ExecutionKernel).Assembly.Location))
        .Add(MetadataReference.CreateFromFile(Path.Combine(AppContext.BaseDirectory, "AslCompiler.Language.dll")));

    public static readonly ImmutableArray<MetadataReference> FrameworkOnly = FrameworkReferences();

    public static CSharpCompilation Compilation(IEnumerable<MetadataReference> references, params string[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            sources.Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                .WithGeneralDiagnosticOption(ReportDiagnostic.Error));

    public static GeneratorDriver CreateDriver(
        IEnumerable<AdditionalText> files,
        string rootNamespace = "Shop",
        IReadOnlyDictionary<string, string>? classNames = null,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? itemMetadata = null) =>
        CSharpGeneratorDriver.Create(
            [new AslGenerator().AsSourceGenerator()],
            files,
            ParseOptions,
            new TestOptionsProvider(rootNamespace, classNames ?? new Dictionary<string, string>(), itemMetadata),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static AnalyzerConfigOptionsProvider Options(string rootNamespace = "Shop", IReadOnlyDictionary<string, string>? classNames = null) =>
        new TestOptionsProvider(rootNamespace, classNames ?? new Dictionary<string, string>());

    public static AdditionalText File(string relativePath, string text) => new InMemoryAdditionalText(ProjectDir + relativePath, text);

    /// <summary>Runs the generator; returns the driver (for reruns), the output compilation and its generated sources by hint name.</summary>
    public static (GeneratorDriver Driver, Compilation Output, ImmutableDictionary<string, string> Sources) Run(GeneratorDriver driver, Compilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        var sources = driver.GetRunResult().Results.Single().GeneratedSources
            .ToImmutableDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
        return (driver, output, sources);
    }

    /// <summary>Diagnostics of warning severity or above (before warnings-as-errors is applied, and after).</summary>
    /// <summary>
    /// Runs a compiled program and the interpreter's program of <paramref name="definition"/> on the same input, with
    /// history off and on (a new kernel from <paramref name="kernel"/> per run), and requires the same status, output,
    /// error and cause. A cause names the state's entered event id, which is 0 with history off: like is compared with like.
    /// </summary>
    public static async Task AssertAgreesWithInterpreterAsync(StateMachineProgram compiled, string definition, string input, Func<ExecutionKernel> kernel, string name)
    {
        var interpreted = AslCompiler.Runtime.Interpreter.AslInterpreter.Compile(definition);
        var value = AslCompiler.Runtime.Json.JsonValue.Parse(input);
        foreach (var history in new[] { false, true })
        {
            var request = new ExecutionRequest { StateMachineName = "StateMachine", Name = name, RecordHistory = history };
            var expected = await kernel().RunAsync(interpreted, value, request);
            var actual = await kernel().RunAsync(compiled, value, request);
            Xunit.Assert.Equal(expected.Status, actual.Status);
            Xunit.Assert.Equal(expected.Output, actual.Output);
            Xunit.Assert.Equal(expected.Output.ToJsonString(), actual.Output.ToJsonString()); // members in the same order
            Xunit.Assert.Equal(expected.Error, actual.Error);
            Xunit.Assert.Equal(expected.Cause, actual.Cause);
        }
    }

    /// <summary>
    /// Emits <paramref name="output"/> into a new collectible load context and returns the compiled program of the
    /// generated class <paramref name="typeName"/> with the context (the caller unloads it).
    /// </summary>
    public static (StateMachineProgram Program, AssemblyLoadContext Context) LoadProgram(Compilation output, string typeName, string contextName)
    {
        var (type, context) = LoadType(output, typeName, contextName);
        var program = (StateMachineProgram)type.GetProperty("Program", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        return (program, context);
    }

    /// <summary>
    /// Emits <paramref name="output"/> (which must compile) into a new collectible load context and returns its type
    /// <paramref name="typeName"/> with the context (the caller unloads it).
    /// </summary>
    public static (Type Type, AssemblyLoadContext Context) LoadType(Compilation output, string typeName, string contextName)
    {
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        var context = new AssemblyLoadContext(contextName, isCollectible: true);
        stream.Position = 0;
        return (context.LoadFromStream(stream).GetType(typeName, throwOnError: true)!, context);
    }

    /// <summary>
    /// Runs the generator on one definition at <paramref name="relativePath"/> (for example <c>Flows/Paths.asl.json</c>)
    /// in a project that references the runtime, requires the output to compile without warnings, and returns it with
    /// the generated source.
    /// </summary>
    public static (Compilation Output, string Source) Generate(string relativePath, string definition)
    {
        var (_, output, sources) = Run(CreateDriver([File(relativePath, definition)]), Compilation(RuntimeReferences));
        Xunit.Assert.Empty(WarningsAndErrors(output));
        var hint = relativePath.Replace('/', '.');
        return (output, sources[string.Concat(hint.AsSpan(0, hint.Length - ".json".Length), ".g.cs")]);
    }

    /// <summary>A kernel on a fixed virtual clock (the context object, in some causes, holds the start time: one clock for both runs).</summary>
    public static ExecutionKernel FixedClockKernel() => new(new ExecutionOptions { TimeProvider = FixedClock() });

    /// <summary><see cref="FixedClockKernel()"/> with a payload limit of <paramref name="maxPayloadBytes"/>.</summary>
    public static ExecutionKernel FixedClockKernel(int maxPayloadBytes) =>
        new(new ExecutionOptions { TimeProvider = FixedClock(), MaxPayloadBytes = maxPayloadBytes });

    private static AslCompiler.Runtime.Timing.VirtualTimeProvider FixedClock() => new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    public static ImmutableArray<Diagnostic> WarningsAndErrors(Compilation compilation) =>
        compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning || d.DefaultSeverity >= DiagnosticSeverity.Warning).ToImmutableArray();

    private static ImmutableArray<MetadataReference> FrameworkReferences()
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return trusted
            .Where(p =>
            {
                var name = Path.GetFileName(p);
                return name.StartsWith("System.", StringComparison.Ordinal) || name is "System.dll" or "netstandard.dll" or "mscorlib.dll";
            })
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }

    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class TestOptionsProvider(
        string rootNamespace,
        IReadOnlyDictionary<string, string> classNames,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? itemMetadata = null) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new DictionaryOptions(new Dictionary<string, string>
        {
            ["build_property.RootNamespace"] = rootNamespace,
            ["build_property.ProjectDir"] = ProjectDir,
        });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new DictionaryOptions([]);

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile)
        {
            var relative = textFile.Path.Substring(ProjectDir.Length);
            var values = new Dictionary<string, string>();
            if (classNames.TryGetValue(relative, out var name))
            {
                values["build_metadata.AdditionalFiles.AslClassName"] = name;
            }

            if (itemMetadata is not null && itemMetadata.TryGetValue(relative, out var metadata))
            {
                foreach (var (key, value) in metadata)
                {
                    values["build_metadata.AdditionalFiles." + key] = value;
                }
            }

            return new DictionaryOptions(values);
        }
    }

    internal sealed class DictionaryOptions(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        // [NotNullWhen] is defined twice here (the framework and the generator's polyfill, visible through
        // InternalsVisibleTo), so the attribute cannot be named; the override is still correct.
#pragma warning disable CS8765
        public override bool TryGetValue(string key, out string? value) => values.TryGetValue(key, out value);
#pragma warning restore CS8765
    }
}
