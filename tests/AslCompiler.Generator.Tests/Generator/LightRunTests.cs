using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// A compiled pure definition (see the runtime's PureDefinition) runs lightly with history off: its generated runner
/// ends as the same class does with history on (the kernel's full loop), output and state count, and a failure in a
/// Map iteration, run again with the bookkeeping, names the same entered event id.
/// </summary>
public class LightRunTests
{
    private const string Definition = """
        {"StartAt":"Init","States":{
          "Init":{"Type":"Pass","Parameters":{"items.$":"$.items","tag":"t"},"Next":"Each"},
          "Each":{"Type":"Map","ItemsPath":"$.items","ItemSelector":{"qty.$":"$$.Map.Item.Value.qty","at.$":"$$.Map.Item.Index"},
            "ItemProcessor":{"StartAt":"Big","States":{
              "Big":{"Type":"Choice","Choices":[{"Variable":"$.qty","NumericGreaterThan":5,"Next":"Bulk"}],"Default":"One"},
              "Bulk":{"Type":"Pass","Parameters":{"qty.$":"$.qty","bulk":true},"End":true},
              "One":{"Type":"Pass","Parameters":{"qty.$":"$.qty","half.$":"States.MathAdd($.qty, $.missing)"},"End":true}}},
            "ResultPath":"$.lines","Next":"Done"},
          "Done":{"Type":"Succeed"}}}
        """;

    [Theory]
    [InlineData("""{"items":[{"qty":7},{"qty":9}]}""", "SUCCEEDED")]
    [InlineData("""{"items":[{"qty":7},{"qty":1}]}""", "FAILED")] // One's intrinsic names a missing path in the second iteration
    [InlineData("""{"items":[{"qty":7},{"count":1}]}""", "FAILED")] // the ItemSelector finds no qty in the second item
    public async Task A_compiled_light_run_ends_as_its_recorded_run_does(string input, string status)
    {
        var (output, _) = GeneratorHarness.Generate("Flows/Light.asl.json", Definition);
        var (compiled, context) = GeneratorHarness.LoadProgram(output, "Shop.Flows.Light", "light");
        try
        {
            Assert.NotNull(compiled.SynchronousRoot);
            var value = JsonValue.Parse(input);
            var recorded = await GeneratorHarness.FixedClockKernel().RunAsync(compiled, value, new ExecutionRequest { Name = "run", RecordHistory = true });
            var light = await GeneratorHarness.FixedClockKernel().RunAsync(compiled, value, new ExecutionRequest { Name = "run", RecordHistory = false });

            Assert.Equal(status, recorded.StatusName);
            Assert.Equal(recorded.Status, light.Status);
            Assert.Equal(recorded.Output, light.Output);
            Assert.Equal(recorded.Error, light.Error);
            Assert.Equal(recorded.Cause, light.Cause);
            Assert.Equal(recorded.StatesEntered, light.StatesEntered);
        }
        finally
        {
            context.Unload();
        }
    }
}
