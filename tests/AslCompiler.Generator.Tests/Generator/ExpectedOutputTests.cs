namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// The generated file for the sample definition, compared with the checked-in <c>Expected/OrderProcessing.g.cs.txt</c>
/// (the generator version normalized to <c>VERSION</c>). To accept a deliberate change, run the tests with
/// <c>ASL_UPDATE_EXPECTED=1</c> and review the diff.
/// </summary>
public class ExpectedOutputTests
{
    [Fact]
    public void OrderProcessing_output_matches_the_checked_in_file()
    {
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File("Workflows/OrderProcessing.asl.json", Definitions.OrderProcessing)]);
        var (_, _, sources) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences));
        var version = typeof(AslGenerator).Assembly.GetName().Version!.ToString();
        var actual = sources["Workflows.OrderProcessing.asl.g.cs"].Replace("\"" + version + "\"", "\"VERSION\"", StringComparison.Ordinal);

        var path = Path.Combine(RepositoryPaths.Root, "tests", "AslCompiler.Generator.Tests", "Generator", "Expected", "OrderProcessing.g.cs.txt");
        if (Environment.GetEnvironmentVariable("ASL_UPDATE_EXPECTED") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }
}
