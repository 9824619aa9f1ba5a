pub fn run(_args: &crate::cli::SearchArgs) -> anyhow::Result<()> {
    anyhow::bail!("search is not built yet")
}
