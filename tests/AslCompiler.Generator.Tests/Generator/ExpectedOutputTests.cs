namespace AslCompiler.Generator.Tests.Generator;

/// <summary>
/// The generated files for the sample definition and for one with errors, compared with the checked-in
/// <c>Expected/OrderProcessing.g.cs.txt</c> and <c>Expected/Broken.g.cs.txt</c>
/// (the generator version normalized to <c>VERSION</c>). To accept a deliberate change, run the tests with
/// <c>ASL_UPDATE_EXPECTED=1</c> and review the diff.
/// </summary>
public class ExpectedOutputTests
{
    [Fact]
    public void OrderProcessing_output_matches_the_checked_in_file() =>
        AssertExpected("Workflows/OrderProcessing.asl.json", Definitions.OrderProcessing, "Workflows.OrderProcessing.asl.g.cs", "OrderProcessing.g.cs.txt");

    /// <summary>The shell class of a definition with errors (see <see cref="InvalidDefinitionShellTests"/>).</summary>
    [Fact]
    public void Shell_output_of_a_definition_with_errors_matches_the_checked_in_file() =>
        AssertExpected("Workflows/Broken.asl.json", Definitions.Broken, "Workflows.Broken.asl.g.cs", "Broken.g.cs.txt");

    private static void AssertExpected(string file, string definition, string hintName, string expectedFile)
    {
        var driver = GeneratorHarness.CreateDriver([GeneratorHarness.File(file, definition)]);
        var (_, _, sources) = GeneratorHarness.Run(driver, GeneratorHarness.Compilation(GeneratorHarness.RuntimeReferences));
        var version = typeof(AslGenerator).Assembly.GetName().Version!.ToString();
        var actual = sources[hintName].Replace("\"" + version + "\"", "\"VERSION\"", StringComparison.Ordinal);

        var path = Path.Combine(RepositoryPaths.Root, "tests", "AslCompiler.Generator.Tests", "Generator", "Expected", expectedFile);
        if (Environment.GetEnvironmentVariable("ASL_UPDATE_EXPECTED") == "1")
        {
            File.WriteAllText(path, actual);
        }

        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), actual);
    }
}
