//! `dossier serve` (the console and the API), and the account commands `user add` and
//! `token add`.

use std::io::{BufRead, IsTerminal};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;

use dossier::store::OpenMode;
use dossier::store::accounts::Role;
use dossier::store::work::{WhenIdle, WorkOptions, run_workers};
use dossier::web::{AppState, WebOptions, router};

use super::pipeline_args::PipelineArgs;
use super::store::{StoreArgs, runtime};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Pages: / (the queue), /applications/ID, /login. API (bearer token from `dossier token add`): \
                  POST /api/v1/prescreen (multipart `file`), POST /api/v1/applications (multipart: \
                  application_id, form, files), GET /api/v1/applications/ID. Accounts come from \
                  `dossier user add`. Serve behind a TLS-terminating proxy and pass --secure-cookies."
)]
pub struct ServeArgs {
    #[command(flatten)]
    store: StoreArgs,

    /// Address and port to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    bind: SocketAddr,

    /// Screening workers inside the server for submitted applications (0: leave them to
    /// `dossier worker` processes).
    #[arg(long, value_name = "N", default_value_t = 1)]
    workers: usize,

    /// API requests each token may make per minute.
    #[arg(long, value_name = "N", default_value_t = 120)]
    api_rate: u32,

    /// Mark the session cookie Secure (HTTPS only).
    #[arg(long)]
    secure_cookies: bool,

    #[command(flatten)]
    pipeline: PipelineArgs,
}

/// How often the server's workers look for submitted applications.
const SERVER_WORKER_POLL: Duration = Duration::from_secs(1);

pub fn serve(args: ServeArgs) -> anyhow::Result<()> {
    runtime()?.block_on(async {
        let store = args.store.open(OpenMode::CreateIfEmpty).await?;
        let settings = Arc::new(args.pipeline.settings()?);
        let options = WebOptions {
            max_upload_bytes: settings.limits.max_file_bytes,
            api_requests_per_minute: args.api_rate,
            secure_cookies: args.secure_cookies,
            ..WebOptions::default()
        };
        if args.workers > 0 {
            let store = store.clone();
            let settings = settings.clone();
            let work = WorkOptions {
                workers: args.workers,
                when_idle: WhenIdle::Poll(SERVER_WORKER_POLL),
                ..WorkOptions::default()
            };
            tokio::spawn(async move {
                if let Err(error) = run_workers(&store, settings, &work, Arc::new(|_| {})).await {
                    eprintln!("screening workers stopped: {error}");
                }
            });
        }
        let app = router(AppState::new(store.clone(), settings.clone(), options));
        let listener = tokio::net::TcpListener::bind(args.bind)
            .await
            .with_context(|| format!("cannot listen on {}", args.bind))?;
        eprintln!(
            "dossier console on http://{} (store {}, pipeline {})",
            listener.local_addr()?,
            store.url(),
            settings.pipeline_version()
        );
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .context("the server stopped")?;
        store.close().await;
        Ok(())
    })
}

#[derive(Debug, clap::Subcommand)]
pub enum UserCommand {
    /// Create a console account. The password is read from standard input (one line), so
    /// it stays out of the shell history: `printf '%s\n' "$PW" | dossier user add NAME`.
    Add(UserAddArgs),
}

#[derive(Debug, clap::Args)]
pub struct UserAddArgs {
    #[command(flatten)]
    store: StoreArgs,

    /// The sign-in name.
    name: String,

    /// reviewer (works the queue) or admin.
    #[arg(long, default_value = "reviewer", value_parser = ["reviewer", "admin"])]
    role: String,
}

pub fn user(command: UserCommand) -> anyhow::Result<()> {
    let UserCommand::Add(args) = command;
    if std::io::stdin().is_terminal() {
        eprintln!(
            "password for {} (shown as you type; pipe it in to hide it):",
            args.name
        );
    }
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .context("cannot read the password from standard input")?;
    let password = password.trim_end_matches(['\r', '\n']);
    let role = Role::parse(&args.role).expect("clap checked the role");
    runtime()?.block_on(async {
        let store = args.store.open(OpenMode::CreateIfEmpty).await?;
        store.add_user(&args.name, role, password).await?;
        eprintln!("added {} ({})", args.name, role.as_str());
        store.close().await;
        Ok(())
    })
}

#[derive(Debug, clap::Subcommand)]
pub enum TokenCommand {
    /// Create an API token and print it (only its hash is stored: keep it now).
    Add(TokenAddArgs),
}

#[derive(Debug, clap::Args)]
pub struct TokenAddArgs {
    #[command(flatten)]
    store: StoreArgs,

    /// What the token is for (e.g. upload-page), unique.
    name: String,
}

pub fn token(command: TokenCommand) -> anyhow::Result<()> {
    let TokenCommand::Add(args) = command;
    runtime()?.block_on(async {
        let store = args.store.open(OpenMode::CreateIfEmpty).await?;
        let token = store.add_api_token(&args.name).await?;
        println!("{token}");
        eprintln!(
            "token {} created; send it as `Authorization: Bearer TOKEN`",
            args.name
        );
        store.close().await;
        Ok(())
    })
}
