extern alias generator;

using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using AslCompiler.Runtime.Compiled;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Jsonata;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using AslGenerator = generator::AslCompiler.Generator.AslGenerator;

namespace AslCompiler.Benchmarks.Jsonata;

/// <summary>
/// A JSONata Pass state's <c>Output</c> expression as the source generator emits it (C# over the evaluator's values)
/// against the same expression parsed once and run by the tree-walking evaluator: the expression alone (same bindings,
/// same <c>$states</c>), and the whole one-state execution (Express, history off, the same kernel). The generator runs
/// in the setup on a one-state definition per expression, as it does in a user's build.
/// </summary>
[MemoryDiagnoser]
public class JsonataCompiledBenchmarks
{
    private static readonly string[] Expressions =
    [
        "$sum($states.input.items.(qty * price))",
        "$states.input.items[qty > 1].sku",
        "{'id': $states.input.orderId, 'n': $count($states.input.items), 'name': $uppercase($states.input.customer.name)}",
        "$states.input.customer.tier = 'gold' ? 'G' : 'X'",
        "$join($states.input.items.sku, ',') & '-' & $string($count($states.input.items))",
    ];

    private readonly ExecutionRequest _request = new() { Type = AslCompiler.Language.Model.ExecutionType.Express, RecordHistory = false, Name = "bench" };
    private readonly JsonValue _input = JsonValue.Parse("""
        {"orderId": "A-1001", "customer": {"name": "Ann", "tier": "gold"}, "items": [{"sku": "s1", "qty": 1, "price": 9.5}, {"sku": "s2", "qty": 7, "price": 1.25}, {"sku": "s3", "qty": 2, "price": 4.0}]}
        """);

    private static int s_assemblies;

    private ExecutionKernel _kernel = null!;
    private StateMachineProgram _interpretedProgram = null!;
    private StateMachineProgram _compiledProgram = null!;
    private JsonataExpression _evaluated = null!;
    private JsonataCompiledExpression _compiled = null!;
    private JsonataBindings _bindings = null!;

    /// <summary>Index into the expressions.</summary>
    [Params(0, 1, 2, 3, 4)]
    public int Case { get; set; }

    /// <summary>Generates and compiles the one-state definition, and checks both ways agree.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var expression = Expressions[Case];
        var definition = "{\"QueryLanguage\": \"JSONata\", \"StartAt\": \"P\", \"States\": {\"P\": {\"Type\": \"Pass\", \"End\": true, \"Output\": \"{% " + expression + " %}\"}}}";
        var type = Generate(definition);
        _compiledProgram = (StateMachineProgram)type.GetProperty("Program", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        _interpretedProgram = AslInterpreter.Compile(definition);
        _kernel = new ExecutionKernel();

        // The expression alone: the generated method against the parsed expression, with the bindings a state gives.
        var method = type.GetNestedType("CompiledProgram", BindingFlags.NonPublic)!.GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
            .Single(m => m.Name.StartsWith("Jsonata", StringComparison.Ordinal) && m.ReturnType == typeof(object));
        var text = " " + expression + " ";
        _compiled = new JsonataCompiledExpression(text, method.CreateDelegate<JsonataCompiledBody>());
        _evaluated = JsonataExpression.Compile(text);
        _bindings = JsonataBindings.Empty.WithStates(_input);

        var a = EvaluatorExpression();
        var b = CompiledExpression();
        var c = Run(_interpretedProgram);
        var d = Run(_compiledProgram);
        if (!a.Equals(b) || c.Status != ExecutionStatus.Succeeded || !c.Output.Equals(d.Output) || !c.Output.Equals(a))
        {
            throw new InvalidOperationException("Compiled and evaluated results disagree: " + a + " / " + b + " / " + c.Output + " / " + d.Output);
        }
    }

    /// <summary>The expression on the tree-walking evaluator.</summary>
    [Benchmark(Baseline = true)]
    public JsonValue EvaluatorExpression() => _evaluated.Evaluate(default, _bindings, JsonataOptions.StepFunctions).Value;

    /// <summary>The generated C# of the expression.</summary>
    [Benchmark]
    public JsonValue CompiledExpression() => _compiled.Evaluate(default, _bindings, JsonataOptions.StepFunctions).Value;

    /// <summary>The one-state execution on the interpreter.</summary>
    [Benchmark]
    public ExecutionResult InterpretedState() => Run(_interpretedProgram);

    /// <summary>The one-state execution on the generated program.</summary>
    [Benchmark]
    public ExecutionResult CompiledState() => Run(_compiledProgram);

    private ExecutionResult Run(StateMachineProgram program)
    {
        var pending = _kernel.RunAsync(program, _input, _request);
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    private static Type Generate(string definition)
    {
        var runtime = typeof(ExecutionKernel).Assembly;
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Append(MetadataReference.CreateFromFile(runtime.Location))
            .Append(MetadataReference.CreateFromFile(typeof(AslCompiler.Language.Model.ExecutionType).Assembly.Location))
            .ToArray();
        // In-process runs set up every case in one process: each generated assembly gets its own name.
        var compilation = CSharpCompilation.Create(
            "JsonataBench" + Interlocked.Increment(ref s_assemblies).ToString(System.Globalization.CultureInfo.InvariantCulture),
            [],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, optimizationLevel: OptimizationLevel.Release));
        var driver = CSharpGeneratorDriver.Create([new AslGenerator().AsSourceGenerator()], [new Text("/p/Bench.asl.json", definition)], CSharpParseOptions.Default, new Options());
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out _);
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        if (!emitted.Success)
        {
            throw new InvalidOperationException("The generated code does not compile: " + string.Join(Environment.NewLine, emitted.Diagnostics));
        }

        stream.Position = 0;
        var assembly = AssemblyLoadContext.Default.LoadFromStream(stream);
        return assembly.GetTypes().Single(t => t.Name == "Bench");
    }

    private sealed class Text(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class Options : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Values(new() { ["build_property.RootNamespace"] = "Bench", ["build_property.ProjectDir"] = "/p/" });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Values(new());

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Values(new());
    }

    private sealed class Values(System.Collections.Generic.Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
