using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Compiled;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Interpreter;
using ApiStatus = AslCompiler.Runtime.Api.ExecutionStatus;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// Generated classes register with <see cref="CompiledStateMachines"/> when their assembly loads, and the Step Functions
/// API runs a started definition with the compiled class when it matches one, with the interpreter otherwise.
/// </summary>
public class CompiledRegistrationTests
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/test";

    // Formatted as a user writes it: the API receives this text, the class holds the canonical (compact) one.
    // A definition used only by this class, so no other test's registration can match it.
    private const string Definition = """
        {
          "Comment": "CompiledRegistrationTests",
          "StartAt": "Price",
          "States": {
            "Price": { "Type": "Pass", "Parameters": { "id.$": "$.id", "total.$": "States.MathAdd($.amount, 5)" }, "Next": "Big?" },
            "Big?": {
              "Type": "Choice",
              "Choices": [ { "Variable": "$.total", "NumericGreaterThan": 100, "Next": "Big" } ],
              "Default": "Small"
            },
            "Big": { "Type": "Pass", "Result": "big", "ResultPath": "$.size", "End": true },
            "Small": { "Type": "Pass", "Result": "small", "ResultPath": "$.size", "End": true }
          }
        }
        """;

    [Fact]
    public void The_generated_hash_is_the_runtimes_hash_of_the_files_text()
    {
        var (type, _) = Load(Definition);

        var hash = (string)type.GetField("DefinitionHash")!.GetValue(null)!;
        var definition = (string)type.GetField("Definition")!.GetValue(null)!;

        Assert.Equal(CompiledStateMachines.ComputeHash(Definition), hash);
        Assert.Equal(CompiledStateMachines.CanonicalDefinition(Definition), definition);
        Assert.Equal(64, hash.Length);
    }

    [Fact]
    public void Loading_the_assembly_registers_the_class()
    {
        var (type, _) = Load(Definition);

        Assert.True(CompiledStateMachines.IsRegistered((string)type.GetField("DefinitionHash")!.GetValue(null)!));
        Assert.True(CompiledStateMachines.TryGetProgram(Definition.Replace("\n", "\r\n      ", StringComparison.Ordinal), out var program));
        Assert.Same(type.GetProperty("Program")!.GetValue(null), program);
    }

    [Fact]
    public async Task StartExecution_of_a_matching_definition_runs_the_compiled_class_and_of_another_the_interpreter()
    {
        var (type, _) = Load(Definition);
        var hash = (string)type.GetField("DefinitionHash")!.GetValue(null)!;
        var sfn = new LocalStepFunctions();
        var before = CompiledStateMachines.SelectionCount(hash);

        // The definition as the user wrote it (formatted): the same canonical text, so the compiled class runs.
        var compiled = await sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "compiled", RoleArn = RoleArn, Definition = Definition });
        var output = await RunAsync(sfn, compiled.StateMachineArn, """{"id":"A-1","amount":120}""");

        Assert.Equal("""{"total":125,"id":"A-1","size":"big"}""", output);
        Assert.Equal(before + 1, CompiledStateMachines.SelectionCount(hash));

        // A different definition (another threshold) has another hash: the interpreter runs it.
        var other = Definition.Replace("100", "1000", StringComparison.Ordinal);
        var interpreted = await sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "interpreted", RoleArn = RoleArn, Definition = other });
        var otherOutput = await RunAsync(sfn, interpreted.StateMachineArn, """{"id":"A-2","amount":120}""");

        Assert.Equal("""{"total":125,"id":"A-2","size":"small"}""", otherOutput);
        Assert.Equal(before + 1, CompiledStateMachines.SelectionCount(hash));
        Assert.False(CompiledStateMachines.TryGetProgram(other, out _));
    }

    [Fact]
    public async Task The_typed_CreateStateMachineAsync_registers_the_definition_with_the_API_and_runs_it_compiled()
    {
        var (type, _) = Load(Definition);
        var hash = (string)type.GetField("DefinitionHash")!.GetValue(null)!;
        var sfn = new LocalStepFunctions();
        var before = CompiledStateMachines.SelectionCount(hash);

        var create = type.GetMethod("CreateStateMachineAsync", BindingFlags.Public | BindingFlags.Static)!;
        var created = await (Task<CreateStateMachineResponse>)create.Invoke(null, [sfn, "typed", RoleArn, StateMachineType.Express, CancellationToken.None])!;
        var described = await sfn.DescribeStateMachineAsync(new DescribeStateMachineRequest { StateMachineArn = created.StateMachineArn });
        var sync = await sfn.StartSyncExecutionAsync(new StartSyncExecutionRequest { StateMachineArn = created.StateMachineArn, Input = """{"id":"A-3","amount":1}""" });

        Assert.Equal(StateMachineType.Express, described.Type);
        Assert.Equal(type.GetField("Definition")!.GetValue(null), described.Definition);
        Assert.Equal(SyncExecutionStatus.Succeeded, sync.Status);
        Assert.Equal("""{"total":6,"id":"A-3","size":"small"}""", sync.Output);
        Assert.Equal(before + 1, CompiledStateMachines.SelectionCount(hash));
    }

    [Fact]
    public void Registry_matches_canonical_text_not_formatting_or_escapes_and_rejects_other_definitions()
    {
        const string Text = """{ "Comment": "registry-unit", "StartAt": "A", "States": { "A": { "Type": "Pass", "Result": "\u0041", "End": true } } }""";
        var program = AslInterpreter.Compile(Text);
        var hash = CompiledStateMachines.ComputeHash(Text);
        CompiledStateMachines.Register(hash, CompiledStateMachines.CanonicalDefinition(Text), () => program);

        Assert.True(CompiledStateMachines.TryGetProgram(Text.Replace(" ", "\n\t", StringComparison.Ordinal), out var found));
        Assert.Same(program, found);
        Assert.True(CompiledStateMachines.TryGetProgram(Text.Replace("\\u0041", "A", StringComparison.Ordinal), out _));
        Assert.False(CompiledStateMachines.TryGetProgram(Text.Replace("\"A\"", "\"B\"", StringComparison.Ordinal), out _));
        Assert.False(CompiledStateMachines.TryGetProgram("{ not json", out _));
        Assert.Equal(2, CompiledStateMachines.SelectionCount(hash));
        Assert.Throws<ArgumentException>(() => CompiledStateMachines.ComputeHash("{ not json"));
    }

    [Fact]
    public void A_registration_with_the_same_hash_but_another_text_is_not_used()
    {
        const string Text = """{"Comment":"forged","StartAt":"A","States":{"A":{"Type":"Succeed"}}}""";
        var program = AslInterpreter.Compile(Text);

        // A registration whose text is not the definition (a hash collision, or a hand-written mistake).
        CompiledStateMachines.Register(CompiledStateMachines.ComputeHash(Text), """{"Comment":"other","StartAt":"A","States":{"A":{"Type":"Succeed"}}}""", () => program);

        Assert.False(CompiledStateMachines.TryGetProgram(Text, out _));
    }

    [Fact]
    public void A_class_in_an_unloaded_context_does_not_stay_registered()
    {
        var text = Definition.Replace("CompiledRegistrationTests", "unloaded", StringComparison.Ordinal);
        var (hash, weak) = LoadAndUnload(text);
        for (var i = 0; i < 20 && weak.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(weak.IsAlive, "the registry kept the collectible context alive");
        Assert.False(CompiledStateMachines.IsRegistered(hash));
        Assert.False(CompiledStateMachines.TryGetProgram(text, out _));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (string Hash, WeakReference Context) LoadAndUnload(string text)
    {
        var (type, context) = Load(text);
        var hash = (string)type.GetField("DefinitionHash")!.GetValue(null)!;
        Assert.True(CompiledStateMachines.IsRegistered(hash));
        context.Unload();
        return (hash, new WeakReference(context));
    }

    private static async Task<string?> RunAsync(LocalStepFunctions sfn, string stateMachineArn, string input)
    {
        var started = await sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = stateMachineArn, Input = input });
        for (var i = 0; i < 500; i++)
        {
            var described = await sfn.DescribeExecutionAsync(new DescribeExecutionRequest { ExecutionArn = started.ExecutionArn });
            if (described.Status != ApiStatus.Running)
            {
                Assert.Equal(ApiStatus.Succeeded, described.Status);
                return described.Output;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("The execution did not end.");
    }

    /// <summary>Generates and compiles the class <c>Shop.Orders</c>, loads it in a collectible context and runs its module initializer.</summary>
    private static (Type Type, AssemblyLoadContext Context) Load(string definition)
    {
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Orders.asl.json", definition)]);
        var (_, output, _) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences));
        Assert.Empty(GeneratorHarness.WarningsAndErrors(output));
        using var stream = new MemoryStream();
        var emitted = output.Emit(stream);
        Assert.True(emitted.Success, string.Join(Environment.NewLine, emitted.Diagnostics));
        stream.Position = 0;
        var context = new AssemblyLoadContext("Registration", isCollectible: true);
        var assembly = context.LoadFromStream(stream);

        // Reading a constant through reflection runs no code of the module; make its initializer run as first use would.
        RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);
        return (assembly.GetType("Shop.Orders", throwOnError: true)!, context);
    }
}
