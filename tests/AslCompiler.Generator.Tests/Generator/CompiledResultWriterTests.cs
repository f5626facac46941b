using System.Reflection;
using System.Runtime.Loader;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Timing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>A distributed Map's ResultWriter (Parameters/Arguments, WriterConfig) runs the same compiled and interpreted.</summary>
public sealed class CompiledResultWriterTests
{
    private static readonly (string Name, string Definition, string Input)[] Definitions =
    [
        ("WriterPath", """
            {"StartAt":"M","States":{"M":{"Type":"Map","Label":"Work","ItemsPath":"$.items","ToleratedFailureCount":1,
             "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket.$":"$.bucket","Prefix":"out"},"WriterConfig":{"Transformation":"NONE","OutputType":"JSONL"}},
             "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"C","States":{
               "C":{"Type":"Choice","Choices":[{"Variable":"$","NumericLessThan":0,"Next":"Bad"}],"Default":"Good"},
               "Bad":{"Type":"Fail","Error":"Negative"},"Good":{"Type":"Pass","End":true}}},"End":true}}}
            """, """{"items":[1,-1,2],"bucket":"b"}"""),
        ("WriterJsonata", """
            {"QueryLanguage":"JSONata","StartAt":"M","States":{"M":{"Type":"Map","Items":"{% $states.input.items %}",
             "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Arguments":{"Bucket":"{% $states.input.bucket %}"}},
             "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}
            """, """{"items":[1,2],"bucket":"j"}"""),
        ("ShapeOnly", """
            {"StartAt":"M","States":{"M":{"Type":"Map","ItemsPath":"$.items","ResultWriter":{"WriterConfig":{"Transformation":"FLATTEN","OutputType":"JSON"}},
             "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}
            """, """{"items":[[1,2],[3]]}"""),
    ];

    [Fact]
    public async Task Compiled_result_writers_write_what_interpreted_ones_write()
    {
        var files = Definitions.Select(d => GeneratorHarness.File("Cases/" + d.Name + ".asl.json", d.Definition)).ToArray();
        var driver = CSharpGeneratorDriver.Create([new AslGenerator().AsSourceGenerator()], files, GeneratorHarness.ParseOptions, GeneratorHarness.Options("Writers"));
        var seed = CSharpCompilation.Create(
            "Writers",
            [CSharpSyntaxTree.ParseText("namespace Writers.Cases { }", GeneratorHarness.ParseOptions)],
            GeneratorHarness.RuntimeReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var (_, compilation, _) = GeneratorHarness.Run(driver, seed);
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        var context = new AssemblyLoadContext("Writers", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(stream);
            foreach (var (name, definition, input) in Definitions)
            {
                var type = assembly.GetType("Writers.Cases." + name) ?? throw new InvalidOperationException(name + " was not generated");
                var compiled = (StateMachineProgram)type.GetProperty("Program", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
                var (left, leftObjects) = await RunAsync(AslInterpreter.Compile(definition), input);
                var (right, rightObjects) = await RunAsync(compiled, input);
                Assert.Equal(left.StatusName, right.StatusName);
                Assert.Equal(Normalize(left.Output.ToJsonString()), Normalize(right.Output.ToJsonString()));
                Assert.Equal(leftObjects.Select(o => (o.Bucket, Normalize(o.Key), Normalize(o.Content))), rightObjects.Select(o => (o.Bucket, Normalize(o.Key), Normalize(o.Content))));
                if (name != "ShapeOnly")
                {
                    Assert.NotEmpty(leftObjects);
                }
            }
        }
        finally
        {
            context.Unload();
        }
    }

    private static async Task<(ExecutionResult Result, IReadOnlyList<MapResultObject> Objects)> RunAsync(StateMachineProgram program, string input)
    {
        var clock = new VirtualTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
        var writer = new InMemoryMapResultWriter();
        var kernel = new ExecutionKernel(new ExecutionOptions { TimeProvider = clock, ResultWriter = writer });
        var result = await VirtualClock.RunAsync(clock, kernel.RunAsync(program, JsonValue.Parse(input), new ExecutionRequest { StateMachineName = "StateMachine", Name = "w" }).AsTask(), TimeSpan.FromSeconds(1));
        return (result, writer.Objects.OrderBy(o => o.Key.Length).ThenBy(o => Normalize(o.Key), StringComparer.Ordinal).ToArray());
    }

    /// <summary>Map Run and child ids are random UUIDs: compare with them blanked out (and entries sorted, children finish in any order).</summary>
    private static string Normalize(string text)
    {
        var blanked = System.Text.RegularExpressions.Regex.Replace(text, "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>");
        return string.Join("\n", blanked.Split('\n').Order(StringComparer.Ordinal));
    }
}
